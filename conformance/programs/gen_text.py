"""Deterministic test input: N lines of "word number word word" drawn
from a fixed vocabulary with a fixed seed, so every run of every test sees
the same bytes.  Text with repeats compresses well and sorts on keys.

    gen_text.py N > FILE
"""
import random
import sys

rng = random.Random(20240611)
letters = "abcdefghijklmnopqrstuvwxyz"
words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9)))
         for _ in range(5000)]
out = sys.stdout
for _ in range(int(sys.argv[1])):
    out.write(f"{rng.choice(words)} {rng.randint(0, 99999)} "
              f"{rng.choice(words)} {rng.choice(words)}\n")
