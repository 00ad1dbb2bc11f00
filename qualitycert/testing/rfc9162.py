"""An RFC 9162 Merkle tree written for the tests only, independently of
`qualitycert.lib.merkle` (which it must never import): the tree hash, PATH
and PROOF follow the RFC's recursive definitions over a list of leaves, and
the verifiers use the inner/border decomposition of the proof (the way
transparency-dev's Go verifier reads it), not the RFC's bit-walking loop that
the application implements. A test that checks the application's proofs with
these functions therefore checks them against a second reading of the RFC."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def hash_leaf(data: bytes) -> bytes:
    return hashlib.sha256(bytes([0]) + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(bytes([1]) + left + right).digest()


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 §2.1.1 over leaf *hashes*."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _k(len(leaves))
    return hash_children(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of §2.1.3.1."""
    if len(leaves) <= 1:
        return []
    k = _k(len(leaves))
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of §2.1.4.1 (0 < m < n)."""
    return _subproof(m, leaves, True)


def _subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = _k(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def _decompose(index: int, size: int) -> tuple[int, int]:
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    return inner, border


def _chain_inner(seed: bytes, hashes: Sequence[bytes], index: int) -> bytes:
    for i, h in enumerate(hashes):
        seed = hash_children(seed, h) if (index >> i) & 1 == 0 else hash_children(h, seed)
    return seed


def _chain_inner_right(seed: bytes, hashes: Sequence[bytes], index: int) -> bytes:
    for i, h in enumerate(hashes):
        if (index >> i) & 1:
            seed = hash_children(h, seed)
    return seed


def _chain_border_right(seed: bytes, hashes: Sequence[bytes]) -> bytes:
    for h in hashes:
        seed = hash_children(h, seed)
    return seed


def root_from_inclusion(leaf: bytes, index: int, size: int, hashes: Sequence[bytes]
                        ) -> bytes | None:
    if not 0 <= index < size:
        return None
    inner, border = _decompose(index, size)
    if len(hashes) != inner + border:
        return None
    return _chain_border_right(_chain_inner(leaf, hashes[:inner], index), hashes[inner:])


def inclusion_ok(leaf: bytes, index: int, size: int, hashes: Sequence[bytes],
                 root: bytes) -> bool:
    return root_from_inclusion(leaf, index, size, hashes) == root


def consistency_ok(size1: int, size2: int, root1: bytes, root2: bytes,
                   hashes: Sequence[bytes]) -> bool:
    if not 0 < size1 <= size2:
        return False
    if size1 == size2:
        return root1 == root2 and not hashes
    inner, border = _decompose(size1 - 1, size2)
    shift = (size1 & -size1).bit_length() - 1
    inner -= shift
    if size1 == 1 << shift:
        seed, rest = root1, list(hashes)
    else:
        if not hashes:
            return False
        seed, rest = hashes[0], list(hashes[1:])
    if len(rest) != inner + border:
        return False
    mask = (size1 - 1) >> shift
    first = _chain_border_right(_chain_inner_right(seed, rest[:inner], mask), rest[inner:])
    second = _chain_border_right(_chain_inner(seed, rest[:inner], mask), rest[inner:])
    return first == root1 and second == root2
