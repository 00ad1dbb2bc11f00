"""Demo data for qualitycert: a believable registry for Binhai New Area (and,
for load testing, a province and the whole country).

Everything here is generated from one `random.Random(seed)` and the injected
"today", so the same seed gives the same USCCs, certificate numbers and
histories on every machine. Names and addresses are invented; certification
bodies and labs carry 演示 (demo) in their names so nobody mistakes them for
real ones.

Modules: `vocab` (word lists), `names`, `places`, `industries` (GB/T 4754
codes and what they certify), `identifiers` (USCC, CNCA-R, CMA, certificate
numbers), `lifecycle` (one certificate's history), `organisations` (bodies,
approvals, labs), `scales`, `holders` (enterprises and their certificates),
`anomalies` (planted lifecycle anomalies), `accounts` (demo users) and
`writer` (the transaction that puts it all in the database).
"""
