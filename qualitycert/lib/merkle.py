"""RFC 9162 Merkle trees: hashing, tree heads, proofs and their verification.

Pure functions, no Django. The tree is never held in memory: the caller
stores the hashes of *perfect* subtrees and lends them through a fetch
function. A perfect subtree is named by `(level, index)`: it covers the
2**level leaves from `index * 2**level`, so `(0, i)` is leaf i's hash. Any
tree head or proof needs only O(log n) of them, which is what keeps a proof
at ten million leaves as cheap as at ten.

Proof generation asks for every node it needs in one call, so a database
caller answers with one query: the recursion runs once with a recorder to
learn which nodes it touches, then again on the fetched hashes.

Hashing (RFC 9162 §2.1.1): leaf = SHA-256(0x00 ‖ data), interior node =
SHA-256(0x01 ‖ left ‖ right), the empty tree = SHA-256 of nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

HASH_SIZE = 32
Node = tuple[int, int]
NodeFetcher = Callable[[Sequence[Node]], Mapping[Node, bytes]]

EMPTY_ROOT = hashlib.sha256(b"").digest()
_PLACEHOLDER = b"\x00" * HASH_SIZE


class ProofError(ValueError):
    """A proof was asked for sizes or indexes the tree cannot have."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): RFC 9162's k."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_subtrees(start: int, end: int) -> list[Node]:
    """The perfect subtrees that tile leaves [start, end), largest first.

    For the ranges a proof or a tree head needs, `start` is a multiple of a
    power of two at least `end - start`, so the pieces come in decreasing
    size and their right-to-left fold is that range's RFC 9162 hash."""
    nodes: list[Node] = []
    while start < end:
        level = (end - start).bit_length() - 1
        while start % (1 << level):
            level -= 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def _range_root(start: int, end: int, get: Callable[[Node], bytes]) -> bytes:
    pieces = perfect_subtrees(start, end)
    digest = get(pieces[-1])
    for piece in reversed(pieces[:-1]):
        digest = node_hash(get(piece), digest)
    return digest


def _resolve(compute: Callable[[Callable[[Node], bytes]], list[bytes]],
             fetch: NodeFetcher) -> list[bytes]:
    wanted: dict[Node, None] = {}

    def record(node: Node) -> bytes:
        wanted[node] = None
        return _PLACEHOLDER

    compute(record)
    found = fetch(list(wanted))
    missing = [node for node in wanted if node not in found]
    if missing:
        raise LookupError(f"the store lacks subtree hashes {missing[:5]}")
    return compute(found.__getitem__)


def root_nodes(size: int) -> list[Node]:
    """The subtrees whose hashes make the tree head at `size`."""
    return perfect_subtrees(0, size)


def tree_root(size: int, fetch: NodeFetcher) -> bytes:
    if size < 0:
        raise ProofError("a tree size is not negative")
    if size == 0:
        return EMPTY_ROOT
    return _resolve(lambda get: [_range_root(0, size, get)], fetch)[0]


def inclusion_proof(index: int, size: int, fetch: NodeFetcher) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")

    def path(get: Callable[[Node], bytes]) -> list[bytes]:
        proof: list[bytes] = []
        start, end = 0, size
        # Walk down from the root; the sibling at each step is recorded, and
        # the path is read bottom-up, so prepend.
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                proof.append(_range_root(start + k, end, get))
                end = start + k
            else:
                proof.append(_range_root(start, start + k, get))
                start += k
        proof.reverse()
        return proof

    return _resolve(path, fetch)


def consistency_proof(old_size: int, new_size: int, fetch: NodeFetcher) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1; empty when the
    sizes are equal or the old tree is empty (nothing to prove)."""
    if not 0 <= old_size <= new_size:
        raise ProofError(f"no consistency proof from {old_size} to {new_size} leaves")
    if old_size in (0, new_size):
        return []

    def subproof(get: Callable[[Node], bytes]) -> list[bytes]:
        proof: list[bytes] = []
        m, start, end, complete = old_size, 0, new_size, True
        while True:
            n = end - start
            if m == n:
                if not complete:
                    proof.append(_range_root(start, end, get))
                break
            k = _split(n)
            if m <= k:
                proof.append(_range_root(start + k, end, get))
                end = start + k
            else:
                proof.append(_range_root(start, start + k, get))
                m, start, complete = m - k, start + k, False
        proof.reverse()
        return proof

    return _resolve(subproof, fetch)


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes],
                     root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, given the leaf's hash (not its data)."""
    if not 0 <= index < size:
        return False
    fn, sn, digest = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            digest = node_hash(sibling, digest)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            digest = node_hash(digest, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and digest == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2, with the two cases it leaves out: equal sizes (the
    roots must be equal, the proof empty) and an empty old tree."""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == 0:
        return old_root == EMPTY_ROOT and not proof
    if old_size == new_size:
        return old_root == new_root and not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


class Frontier:
    """The right edge of a growing tree: the perfect subtrees of its size's
    binary decomposition. Appending a leaf merges equal-sized neighbours and
    hands back the subtree hashes that leaf completed, so a store can save
    every perfect subtree the moment it forms without reading anything."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != bin(size).count("1"):
            raise ValueError(f"a tree of {size} leaves has {bin(size).count('1')} edge subtrees")
        self.size = size
        self._hashes = list(hashes)

    def append(self, leaf: bytes) -> list[bytes]:
        """Add a leaf hash; return the hashes it completed, level 1 upwards."""
        completed: list[bytes] = []
        digest, n = leaf, self.size
        while n & 1:
            digest = node_hash(self._hashes.pop(), digest)
            completed.append(digest)
            n >>= 1
        self._hashes.append(digest)
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self._hashes:
            return EMPTY_ROOT
        digest = self._hashes[-1]
        for piece in reversed(self._hashes[:-1]):
            digest = node_hash(piece, digest)
        return digest

    def hashes(self) -> list[bytes]:
        return list(self._hashes)


def completed_by(index: int) -> list[Node]:
    """The subtrees at levels 1 and up that leaf `index` completes, in the
    order Frontier.append returns their hashes."""
    nodes: list[Node] = []
    level, n = 1, index
    while n & 1:
        nodes.append((level, ((index + 1) >> level) - 1))
        level += 1
        n >>= 1
    return nodes


def completing_leaf(node: Node) -> tuple[int, int]:
    """(leaf index, position in its completed list) where a level ≥ 1 subtree
    hash is kept by a store that files them with the leaf that completed them."""
    level, index = node
    return ((index + 1) << level) - 1, level - 1
