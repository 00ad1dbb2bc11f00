import pytest

from qualitycert.lib.identifiers import (
    InvalidIdentifier,
    validate_approval_number,
    validate_cma_number,
)


def test_approval_number():
    assert validate_approval_number("cnca-r-2002-001") == "CNCA-R-2002-001"
    for bad in ["CNCA-R-02-001", "CNCA-2002-001", "CNCA-R-2002-000", "CNCA-R-1999-001"]:
        with pytest.raises(InvalidIdentifier):
            validate_approval_number(bad)


def test_cma_number():
    assert validate_cma_number("１６１２００１００１２３") == "161200100123"
    for bad in ["16120010012", "1699001001 23", "16120010A123", "161200100000"]:
        with pytest.raises(InvalidIdentifier):
            validate_cma_number(bad)
