from qualitycert.lib.gbt4754 import MANUFACTURING_DIVISIONS, division_name, is_equipment_division


def test_divisions_of_manufacturing():
    assert len(MANUFACTURING_DIVISIONS) == 31
    assert sorted(MANUFACTURING_DIVISIONS) == [str(n) for n in range(13, 44)]
    assert division_name("C38") == "电气机械和器材制造业"
    assert division_name("c34") == "通用设备制造业"
    assert division_name("F51") == "" and division_name("?") == "" and division_name("C99") == ""


def test_equipment_divisions_are_33_to_40():
    assert [d for d in (f"C{n}" for n in range(13, 44)) if is_equipment_division(d)] == [
        f"C{n}" for n in range(33, 41)]
    assert not is_equipment_division("E48") and not is_equipment_division("C3")
