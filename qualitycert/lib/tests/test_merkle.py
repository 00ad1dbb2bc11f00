"""RFC 9162 trees: the app's lib against the RFC's known tree and against an
independent implementation (qualitycert.testing.rfc9162), for random trees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib import merkle
from qualitycert.testing import rfc9162 as ref

# The eight-leaf tree of the Certificate Transparency test suites and its
# roots at every size (RFC 6962 hashing, unchanged in RFC 9162).
VECTOR_LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
                 bytes(range(0x50, 0x58)), bytes(range(0x60, 0x70))]
VECTOR_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


class Store:
    """Perfect-subtree hashes as a database keeps them, filled by Frontier."""

    def __init__(self, data: list[bytes]) -> None:
        self.nodes: dict[merkle.Node, bytes] = {}
        self.leaves = [merkle.leaf_hash(d) for d in data]
        self.frontier = merkle.Frontier()
        self.fetches = 0
        for index, leaf in enumerate(self.leaves):
            self.nodes[(0, index)] = leaf
            completed = self.frontier.append(leaf)
            self.nodes.update(zip(merkle.completed_by(index), completed, strict=True))

    def fetch(self, wanted):
        self.fetches += 1
        return {node: self.nodes[node] for node in wanted}


def test_known_roots():
    store = Store(VECTOR_LEAVES)
    for size, expected in enumerate(VECTOR_ROOTS, start=1):
        assert merkle.tree_root(size, store.fetch).hex() == expected
    assert merkle.tree_root(0, store.fetch) == merkle.EMPTY_ROOT
    assert store.frontier.root().hex() == VECTOR_ROOTS[-1]


tree_data = st.lists(st.binary(max_size=8), min_size=1, max_size=140)


@settings(max_examples=80, deadline=None)
@given(tree_data, st.data())
def test_roots_and_inclusion_match_the_reference(data, draw):
    store = Store(data)
    size = draw.draw(st.integers(1, len(data)))
    index = draw.draw(st.integers(0, size - 1))
    root = merkle.tree_root(size, store.fetch)
    assert root == ref.mth(store.leaves[:size])
    before = store.fetches
    proof = merkle.inclusion_proof(index, size, store.fetch)
    assert store.fetches == before + 1  # one round trip to the store, whatever the size
    assert proof == ref.path(index, store.leaves[:size])
    assert merkle.verify_inclusion(store.leaves[index], index, size, proof, root)
    assert ref.inclusion_ok(store.leaves[index], index, size, proof, root)


@settings(max_examples=120, deadline=None)
@given(tree_data, st.data())
def test_consistency_between_any_two_sizes(data, draw):
    store = Store(data)
    new = draw.draw(st.integers(1, len(data)))
    old = draw.draw(st.integers(1, new))
    old_root = merkle.tree_root(old, store.fetch)
    new_root = merkle.tree_root(new, store.fetch)
    proof = merkle.consistency_proof(old, new, store.fetch)
    if old < new:
        assert proof == ref.proof(old, store.leaves[:new])
    else:
        assert proof == []
    assert merkle.verify_consistency(old, new, old_root, new_root, proof)
    assert ref.consistency_ok(old, new, old_root, new_root, proof)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=2, max_size=140, unique=True), st.data())
def test_tampered_proofs_fail(data, draw):
    store = Store(data)
    new = draw.draw(st.integers(2, len(data)))
    old = draw.draw(st.integers(1, new - 1))
    proof = merkle.consistency_proof(old, new, store.fetch)
    old_root, new_root = (merkle.tree_root(old, store.fetch), merkle.tree_root(new, store.fetch))
    position = draw.draw(st.integers(0, len(proof) - 1))
    bad = list(proof)
    bad[position] = bytes([bad[position][0] ^ 1]) + bad[position][1:]
    assert not merkle.verify_consistency(old, new, old_root, new_root, bad)
    assert not merkle.verify_consistency(old, new, old_root, new_root, proof[:-1])
    # A root that is not the old tree's (history rewritten) fails the proof.
    forged = merkle.leaf_hash(b"forged")
    assert not merkle.verify_consistency(old, new, forged, new_root, proof)
    index = draw.draw(st.integers(0, new - 1))
    path = merkle.inclusion_proof(index, new, store.fetch)
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"other"), index, new, path, new_root)
    if index + 1 < new:
        assert not merkle.verify_inclusion(store.leaves[index], index + 1, new, path, new_root)


def test_frontier_completes_the_stored_subtrees():
    store = Store([bytes([n]) for n in range(37)])
    for (level, index), digest in store.nodes.items():
        width = 1 << level
        assert digest == ref.mth(store.leaves[index * width:(index + 1) * width])
        if level:
            leaf, position = merkle.completing_leaf((level, index))
            assert merkle.completed_by(leaf)[position] == (level, index)
    restarted = merkle.Frontier(37, [store.nodes[n] for n in merkle.root_nodes(37)])
    assert restarted.root() == store.frontier.root() == ref.mth(store.leaves)


def test_bad_requests():
    store = Store([b"a", b"b", b"c"])
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(3, 3, store.fetch)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(3, 2, store.fetch)
    assert merkle.consistency_proof(0, 3, store.fetch) == []
    assert merkle.verify_consistency(0, 3, merkle.EMPTY_ROOT, b"x" * 32, [])
    assert not merkle.verify_inclusion(store.leaves[0], 0, 0, [], merkle.EMPTY_ROOT)
    with pytest.raises(ValueError):
        merkle.Frontier(3, [b"x" * 32])
    with pytest.raises(LookupError):
        merkle.tree_root(3, lambda wanted: {})
