"""The draw: which of each random slot's pool questions an attempt gets.

Pure (no database): called once at attempt start with the exam's snapshot. Each slot draws
`count` questions uniformly without replacement from its frozen pool, skipping bank questions
the attempt already holds (a fixed copy, or one an earlier slot drew), so no question repeats
within an attempt. The result is recorded in the attempt's question_order (the row the start
inserts anyway: no extra statement), so reloads, resumes and restarts show the same draw. The
random source is the attempt's (attempts/service.py `_rng`: seeded per attempt when
ATTEMPT_SHUFFLE_SEED is set, else the system's).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SlotPool:
    count: int
    question_ids: tuple[int, ...]  # the exam's pool questions of this slot, in pool order
    bank_ids: tuple[int, ...]  # the bank question each was copied from (same order)


class PoolTooSmall(Exception):
    """Publishing checks the pools, so this means the exam changed outside its rules."""


def draw(slots: Sequence[SlotPool], held_bank_ids: set[int], rng: random.Random) -> list[list[int]]:
    """The question ids drawn per slot (in the slot's order, each list in drawn order)."""
    taken = set(held_bank_ids)
    drawn: list[list[int]] = []
    for slot in slots:
        candidates = [
            (qid, bid)
            for qid, bid in zip(slot.question_ids, slot.bank_ids, strict=True)
            if bid not in taken
        ]
        if len(candidates) < slot.count:
            raise PoolTooSmall(f"{len(candidates)} candidates for {slot.count}")
        chosen = rng.sample(candidates, slot.count)
        taken.update(bid for _, bid in chosen)
        drawn.append([qid for qid, _ in chosen])
    return drawn
