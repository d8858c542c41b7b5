"""The score stage: one policy turns each reading's rule and flags into a confidence and a trace.

Finders only propose readings (the rule that paired a label with a number, and flags for what the
words around it say); every number that weighs them lives in ``data/scoring.yaml``, loaded and
validated here. ``score`` is the only place a confidence is computed, so the README's table of the
policy (``policy_markdown``) and the trace on every output row always say what the code does.

>>> score("prose.after", frozenset({"partial_scope"}), gap_chars=9)
(0.332, 'prose.after 0.88; -0.05 gap 9 chars; ×0.4 partial_scope')
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["Policy", "is_vetoed", "load_policy", "policy_markdown", "score", "support"]


class Adjustment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    flag: str
    subtract: float | None = Field(None, ge=0, le=1)
    multiply: float | None = Field(None, ge=0, le=1)
    cap: float | None = Field(None, ge=0, le=1)
    why: str

    @model_validator(mode="after")
    def _one_operation(self) -> Adjustment:
        ops = [op for op in (self.subtract, self.multiply, self.cap) if op is not None]
        if len(ops) != 1:
            raise ValueError(f"adjustment {self.flag!r} needs exactly one of subtract, multiply, cap")
        return self

    def apply(self, confidence: float) -> tuple[float, str]:
        """The adjusted confidence and its trace step."""
        if self.subtract is not None:
            return confidence - self.subtract, f"-{_num(self.subtract)} {self.flag}"
        if self.multiply is not None:
            return confidence * self.multiply, f"×{_num(self.multiply)} {self.flag}"
        assert self.cap is not None
        return min(confidence, self.cap), f"≤{_num(self.cap)} {self.flag}"


class Gap(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    free_chars: int = Field(ge=0)
    per_char: float = Field(ge=0, le=1)
    per_comma: float = Field(ge=0, le=1)
    max: float = Field(ge=0, le=1)

    def penalty(self, chars: int, commas: int) -> float:
        return min(self.max, max(0, chars - self.free_chars) * self.per_char + commas * self.per_comma)


class Rounding(BaseModel):
    """How resolve reads the rounding of a printed figure (``resolve.rounding_interval``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    below_words: tuple[str, ...] = Field(min_length=1)
    and_some_words: tuple[str, ...] = Field(min_length=1)


class Policy(BaseModel):
    """``data/scoring.yaml``: base confidence per rule, adjustments per flag, vetoes, gap, support,
    rounding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base: dict[str, float]
    adjustments: tuple[Adjustment, ...]
    vetoes: dict[str, str]
    gap: Gap
    support_bonus: float = Field(ge=0, le=1)
    rounding: Rounding

    @model_validator(mode="after")
    def _check(self) -> Policy:
        for rule, value in self.base.items():
            if not 0 < value <= 1:
                raise ValueError(f"base confidence of {rule!r} must be in (0, 1], got {value}")
        flags = [a.flag for a in self.adjustments]
        twice = sorted({f for f in flags if flags.count(f) > 1})
        if twice:
            raise ValueError(f"flags adjusted twice: {twice}")
        both = sorted(set(flags) & set(self.vetoes))
        if both:
            raise ValueError(f"flags both adjusted and vetoed: {both}")
        return self


class PolicyError(ValueError):
    """``data/scoring.yaml`` is malformed; the message names the file and the entry."""


@cache
def load_policy() -> Policy:
    text = resources.files("csr_extract").joinpath("data", "scoring.yaml").read_text(encoding="utf-8")
    try:
        return Policy.model_validate(yaml.safe_load(text))
    except ValueError as exc:
        raise PolicyError(f"data/scoring.yaml: {exc}") from exc


def is_vetoed(flags: Iterable[str]) -> bool:
    """True when one of ``flags`` is a veto: such a reading is never emitted."""
    return not load_policy().vetoes.keys().isdisjoint(flags)


def score(rule: str, flags: Iterable[str] = (), *, gap_chars: int = 0, gap_commas: int = 0) -> tuple[float, str]:
    """Confidence in [0, 1] (3 decimals) and trace of a reading made by ``rule`` with ``flags``.

    A vetoed reading scores 0 and its trace names the veto. Raises ``KeyError`` for a rule the
    policy does not know (a finder and the data file out of step is a bug, not a 0).
    """
    policy = load_policy()
    flags = frozenset(flags)
    confidence = policy.base[rule]
    steps = [f"{rule} {_num(confidence)}"]
    vetoed = sorted(flags & policy.vetoes.keys())
    if vetoed:
        return 0.0, "; ".join([*steps, *(f"vetoed: {v}" for v in vetoed)])
    penalty = policy.gap.penalty(gap_chars, gap_commas)
    if penalty > 0:
        confidence -= penalty
        steps.append(f"-{_num(penalty)} gap {gap_chars} chars" + (f" {gap_commas} commas" if gap_commas else ""))
    for adj in policy.adjustments:
        if adj.flag in flags:
            confidence, step = adj.apply(confidence)
            steps.append(step)
    return round(max(0.0, min(1.0, confidence)), 3), "; ".join(steps)


def support(confidence: float, mentions: int, trace: str) -> tuple[float, str]:
    """The confidence and trace of a value that ``mentions`` readings agree on (the best's given)."""
    if mentions <= 1:
        return confidence, trace
    bonus = load_policy().support_bonus * (mentions - 1)
    return round(min(1.0, confidence + bonus), 3), f"{trace}; +{_num(bonus)} {mentions - 1} agreeing"


def policy_markdown() -> str:
    """The policy as Markdown tables, for the README (``scripts/make_readme_tables.py``)."""
    p = load_policy()
    lines = ["| rule | base confidence |", "|---|---|"]
    lines += [f"| `{rule}` | {_num(v)} |" for rule, v in p.base.items()]
    lines += ["", "| flag | adjustment | why |", "|---|---|---|"]
    for a in p.adjustments:
        op = a.apply(1.0)[1].rsplit(" ", 1)[0]
        lines.append(f"| `{a.flag}` | {op} | {a.why} |")
    lines += [f"| `{flag}` | vetoed (never emitted) | {why} |" for flag, why in p.vetoes.items()]
    g = p.gap
    lines += [
        "",
        f"Prose gap: −{_num(g.per_char)} per character beyond {g.free_chars} between label and number, "
        f"−{_num(g.per_comma)} per comma, at most −{_num(g.max)}. "
        f"Each further agreeing mention of a value: +{_num(p.support_bonus)}. "
        f"An approximate figure agrees with the exact value it rounds: {'/'.join(p.rounding.and_some_words)} "
        "after the digits up to one unit of the last printed digit above, other \"more than\" words half a unit "
        f"above, {'/'.join(p.rounding.below_words)} and \"less than\" words half a unit below, 约 half a unit "
        "either side.",
    ]
    return "\n".join(lines)


def _num(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")
