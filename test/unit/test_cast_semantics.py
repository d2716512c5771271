"""Cast rounding and the sign of zero, compared bit for bit.

- `nn.cast` f32->f16, f32->bf16 and f64->f32 round to nearest, ties to even, exactly
  as IEEE 754 says, including ties, subnormals, overflow to inf and the sign of zero.
  The reference rounds the exact rational value (fractions.Fraction), sharing nothing
  with NumPy or ml_dtypes; for f16 CPython's own `struct` half packer is a second
  oracle. NaN keeps its sign and the top of its payload (docs: kernels.convert), and
  widening then narrowing back is the identity on every bit pattern.
- `nn.relu` gives +0.0 for every x <= 0 (also -0.0) and keeps NaN; `nn.max_pool`
  prefers +0.0 over -0.0 on ties and propagates NaN. With those rules both commute
  bit-exactly with a narrowing cast, which cast hoisting relies on (brief §4), so the
  inputs include tiny negatives, +-0, +-inf, NaN and values beyond f16's range.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

import ml_dtypes
import numpy as np
import pytest
from conv_reference import run_op, tensor_type
from hypothesis import given, settings
from hypothesis import strategies as st

BF16 = np.dtype(ml_dtypes.bfloat16)


class Format:
    """An IEEE binary format: precision p (hidden bit included), exponent range,
    and how NaNs narrow into it."""

    def __init__(self, dtype, uint, precision: int, emin: int, emax: int):
        self.dtype, self.uint = np.dtype(dtype), uint
        self.precision, self.emin, self.emax = precision, emin, emax
        self.bits = self.dtype.itemsize * 8
        self.mantissa_bits = precision - 1

    def round(self, x: float) -> float:
        """The exact value of the double `x` rounded to nearest even in this format."""
        if math.isnan(x) or math.isinf(x) or x == 0:
            return x
        a = abs(Fraction(x))
        e = a.numerator.bit_length() - a.denominator.bit_length()  # 2**e <= a < 2**(e+2)
        if Fraction(2) ** e > a:
            e -= 1
        quantum = Fraction(2) ** (max(e, self.emin) - self.precision + 1)  # fixed below emin: subnormals
        n, rest = divmod(a, quantum)
        if rest > quantum / 2 or (rest == quantum / 2 and n % 2 == 1):
            n += 1
        rounded = n * quantum
        if rounded >= Fraction(2) ** (self.emax + 1):
            return math.copysign(math.inf, x)
        return math.copysign(float(rounded), x)  # a zero keeps the sign of x

    def expected_bits(self, source: np.ndarray, source_format: Format) -> np.ndarray:
        """Bits the cast must produce for each element of `source`."""
        out = np.empty(source.shape, dtype=self.uint)
        src_bits = source.view(source_format.uint)
        shift = source_format.mantissa_bits - self.mantissa_bits
        with np.errstate(invalid="ignore"):  # widening a signalling NaN; only NaN-ness is used
            values = source.astype(np.float64).tolist()
        for i, (value, bits) in enumerate(zip(values, src_bits.tolist())):
            if math.isnan(value):
                sign = bits >> (source_format.bits - 1)
                payload = (bits & ((1 << source_format.mantissa_bits) - 1)) >> shift
                exponent = ((1 << (self.bits - 1 - self.mantissa_bits)) - 1) << self.mantissa_bits
                out[i] = (sign << (self.bits - 1)) | exponent | (payload or 1)
            else:
                out[i] = np.array(self.round(value), dtype=np.float64).astype(self.dtype).view(self.uint)
        return out


F16 = Format(np.float16, np.uint16, 11, -14, 15)
BF16_FORMAT = Format(BF16, np.uint16, 8, -126, 127)
F32 = Format(np.float32, np.uint32, 24, -126, 127)
F64 = Format(np.float64, np.uint64, 53, -1022, 1023)


def cast(x: np.ndarray, dtype) -> np.ndarray:
    src, dst = tensor_type(x.shape, x.dtype), tensor_type(x.shape, dtype)
    return run_op(f"nn.cast %arg0 : {src} to {dst}", [x], dst)


def inputs(values, dtype) -> np.ndarray:
    """Test inputs via f32: values beyond the target's range become inf on purpose."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.array(values, dtype=np.float32).astype(dtype)


def f32_from_bits(bits) -> np.ndarray:
    return np.array(bits, dtype=np.uint32).view(np.float32)


def assert_bits(actual: np.ndarray, expected_bits: np.ndarray, inputs: np.ndarray) -> None:
    actual_bits = actual.view(expected_bits.dtype)
    bad = np.flatnonzero(actual_bits != expected_bits)
    assert bad.size == 0, [(repr(inputs.flat[i]), hex(actual_bits.flat[i]), hex(expected_bits.flat[i])) for i in bad[:5]]


# --------------------------------------------------------------------------- #
# Rounding: hand-picked edge cases                                            #
# --------------------------------------------------------------------------- #

F16_EDGES = [
    1 + 2**-11,  # tie between 1 and 1 + 2**-10: even is 1
    1 + 3 * 2**-11,  # tie between 1 + 2**-10 (odd) and 1 + 2**-9: up
    1 + 2**-11 + 2**-23,  # just above the tie: up
    2049.0,  # tie at the integer precision limit: 2048
    2051.0,  # tie: 2052
    65504.0,  # largest f16
    65519.99609375,  # just below the overflow tie: 65504
    65520.0,  # the overflow tie rounds to even, which is inf
    -65520.0,
    3.0e38,  # far beyond f16
    2**-14,  # smallest normal
    2**-14 - 2**-25,  # largest subnormal + half a subnormal ulp: tie, even is 2**-14
    2**-24,  # smallest subnormal
    2**-25,  # half the smallest subnormal: tie, even is +0
    -(2**-25),  # ... -0
    3 * 2**-25,  # tie between 2**-24 (odd) and 2**-23: up
    2**-25 + 2**-40,  # above half: smallest subnormal
    1e-10,  # underflows to +0
    -1e-10,  # underflows to -0 (the case cast hoisting over relu must handle)
    0.0,
    -0.0,
    math.inf,
    -math.inf,
    float.fromhex("0x1.ffep-16"),  # subnormal with a tie in the last place
]

BF16_EDGES = [
    1 + 2**-8,  # tie: 1
    1 + 3 * 2**-8,  # tie: up
    1 + 2**-8 + 2**-23,  # above the tie: up
    float.fromhex("0x1.fep127"),  # largest bf16
    float.fromhex("0x1.ff0p127"),  # overflow tie: inf
    float.fromhex("0x1.fefffep127"),  # just below the tie: largest bf16
    -float.fromhex("0x1.ff0p127"),
    2**-126,
    2**-133,  # smallest bf16 subnormal
    2**-134,  # tie with 0: +0
    3 * 2**-134,  # tie: up to 2**-132
    2**-149,  # smallest f32 subnormal: +0
    -(2**-149),  # -0
    float.fromhex("0x1.018p-127"),  # subnormal, rounds within the subnormal range
    1e-10,
    -1e-10,
    0.0,
    -0.0,
    math.inf,
    -math.inf,
    65520.0,
    3.0e38,
]


def test_f32_to_f16_edge_cases():
    x = np.array(F16_EDGES, dtype=np.float32)
    assert x.astype(np.float64).tolist() == [float(np.float32(v)) for v in F16_EDGES]
    assert_bits(cast(x, np.float16), F16.expected_bits(x, F32), x)


def test_f32_to_f16_agrees_with_cpython_struct():
    """CPython's `struct` 'e' format rounds to nearest even too (and refuses to
    overflow, where IEEE gives inf): a second, independent oracle."""
    x = np.array(F16_EDGES, dtype=np.float32)
    for value, got in zip(x.tolist(), cast(x, np.float16).view(np.uint16).tolist()):
        try:
            want = struct.unpack("<H", struct.pack("<e", value))[0]
        except OverflowError:
            want = 0xFC00 if value < 0 else 0x7C00
        assert got == want, (value, hex(got), hex(want))


def test_f32_to_bf16_edge_cases():
    x = np.array(BF16_EDGES, dtype=np.float32)
    assert_bits(cast(x, BF16), BF16_FORMAT.expected_bits(x, F32), x)


def test_f64_to_f32_edge_cases():
    edges = [
        1 + 2**-24,  # tie: 1
        1 + 3 * 2**-24,  # tie: up
        float.fromhex("0x1.fffffefffffffp127"),  # just below the overflow tie
        float.fromhex("0x1.ffffffp127"),  # overflow tie: inf
        2**-149,  # smallest f32 subnormal
        2**-150,  # tie with 0: +0
        -(2**-150),
        3 * 2**-150,  # tie: 2**-148
        1e-50,
        -1e-50,
        1e300,
        -1e300,
        0.1,
        math.inf,
        -0.0,
    ]
    x = np.array(edges, dtype=np.float64)
    assert_bits(cast(x, np.float32), F32.expected_bits(x, F64), x)


# --------------------------------------------------------------------------- #
# Rounding: every bit pattern class                                           #
# --------------------------------------------------------------------------- #


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=64))
def test_f32_narrowing_on_random_bit_patterns(bits):
    """Random f32 bit patterns cover normals, subnormals, infinities and NaNs with
    every payload (quiet and signalling) in proportion to their share of the space."""
    x = f32_from_bits(bits)
    assert_bits(cast(x, np.float16), F16.expected_bits(x, F32), x)
    assert_bits(cast(x, BF16), BF16_FORMAT.expected_bits(x, F32), x)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(width=32, allow_subnormal=True), min_size=1, max_size=64))
def test_f32_narrowing_on_random_floats(values):
    """Hypothesis' float strategy favours boundaries: 0, +-inf, NaN, extremes."""
    x = np.array(values, dtype=np.float32)
    assert_bits(cast(x, np.float16), F16.expected_bits(x, F32), x)
    assert_bits(cast(x, BF16), BF16_FORMAT.expected_bits(x, F32), x)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=64))
def test_f64_to_f32_on_random_bit_patterns(bits):
    x = np.array(bits, dtype=np.uint64).view(np.float64)
    assert_bits(cast(x, np.float32), F32.expected_bits(x, F64), x)


NAN_F32 = [0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001, 0x7FA00000, 0x7F810000, 0x7F802000, 0x7FFFFFFF, 0xFFC12345]
NAN_F64 = [0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001, 0x7FF4000000000000, 0xFFF0000020000000, 0x7FFFFFFFFFFFFFFF]


def test_narrowing_nan_keeps_sign_quiet_bit_and_top_of_payload():
    """Random patterns rarely hit NaN (2**-8 of f32, 2**-11 of f64), so quiet and
    signalling NaNs of both signs, with payload bits high and low, are listed here.
    A payload that truncates to zero becomes 1, so a NaN never turns into inf."""
    x32 = f32_from_bits(NAN_F32)
    assert_bits(cast(x32, np.float16), F16.expected_bits(x32, F32), x32)
    assert_bits(cast(x32, BF16), BF16_FORMAT.expected_bits(x32, F32), x32)
    x64 = np.array(NAN_F64, dtype=np.uint64).view(np.float64)
    assert_bits(cast(x64, np.float32), F32.expected_bits(x64, F64), x64)
    assert [hex(b) for b in cast(x32, BF16).view(np.uint16).tolist()] == [
        "0x7fc0", "0xffc0", "0x7f81", "0xff81", "0x7fa0", "0x7f81", "0x7f81", "0x7fff", "0xffc1"
    ]  # fmt: skip


def test_widening_nan_pads_the_payload_with_zeros():
    x16 = np.array([0x7E00, 0xFC01, 0x7D55, 0x7FFF], dtype=np.uint16).view(np.float16)
    assert [hex(b) for b in cast(x16, np.float32).view(np.uint32).tolist()] == [
        "0x7fc00000", "0xff802000", "0x7faaa000", "0x7fffe000"
    ]  # fmt: skip
    x32 = f32_from_bits([0x7F800001, 0xFFC00000])
    assert [hex(b) for b in cast(x32, np.float64).view(np.uint64).tolist()] == ["0x7ff0000020000000", "0xfff8000000000000"]


@pytest.mark.parametrize("narrow", [np.float16, BF16], ids=["f16", "bf16"])
def test_widening_then_narrowing_is_the_identity_on_every_pattern(narrow):
    """All 65,536 half patterns, NaN payloads included: cast hoisting cancels
    narrow -> wide -> narrow pairs, so they must be the identity bit for bit."""
    x = np.arange(2**16, dtype=np.uint32).astype(np.uint16).view(narrow)
    for wide in (np.float32, np.float64):
        back = cast(cast(x, wide), narrow)
        np.testing.assert_array_equal(back.view(np.uint16), x.view(np.uint16))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=64))
def test_f32_to_f64_and_back_is_the_identity(bits):
    x = f32_from_bits(bits)
    np.testing.assert_array_equal(cast(cast(x, np.float64), np.float32).view(np.uint32), x.view(np.uint32))


def test_widening_is_exact():
    """Every finite half value widens to exactly itself (NaNs are covered above)."""
    for narrow in (np.float16, BF16):
        x = np.arange(2**16, dtype=np.uint32).astype(np.uint16).view(narrow)
        with np.errstate(invalid="ignore"):  # signalling NaNs
            x = x[np.isfinite(x.astype(np.float64))]
        wide = cast(x, np.float32)
        assert [Fraction(v) for v in wide.astype(np.float64).tolist()] == [Fraction(v) for v in x.astype(np.float64).tolist()]


# --------------------------------------------------------------------------- #
# relu and max_pool: the sign of zero and NaN                                 #
# --------------------------------------------------------------------------- #

SPECIALS = [0.0, -0.0, 1e-10, -1e-10, -1e-45, 1e-45, math.inf, -math.inf, math.nan, -math.nan, 7e4, -7e4, 3e38, -3e38, 1.0, -1.0, 65520.0]
interesting_floats = st.one_of(st.sampled_from(SPECIALS), st.floats(width=32))


def relu(x: np.ndarray) -> np.ndarray:
    t = tensor_type(x.shape, x.dtype)
    return run_op(f"nn.relu %arg0 : {t}", [x], t)


def relu_reference_bits(x: np.ndarray) -> np.ndarray:
    uint = np.uint16 if x.dtype.itemsize == 2 else np.uint32
    bits = x.view(uint).copy()
    for i, v in enumerate(x.astype(np.float64).tolist()):
        if not math.isnan(v) and v <= 0:
            bits[i] = 0  # +0.0
    return bits


@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16], ids=["f32", "f16", "bf16"])
def test_relu_gives_plus_zero_and_keeps_nan(dtype):
    x = inputs(SPECIALS + [-2.5, 2.5, -0.0], dtype)
    out = relu(x)
    assert_bits(out, relu_reference_bits(x), x)
    assert not np.signbit(out[~np.isnan(out.astype(np.float32))]).any()


@settings(max_examples=40, deadline=None)
@given(st.lists(interesting_floats, min_size=1, max_size=32), st.sampled_from([np.float16, BF16]))
def test_relu_commutes_with_narrowing_cast(values, narrow):
    x = np.array(values, dtype=np.float32)
    assert_bits(relu(x), relu_reference_bits(x), x)
    np.testing.assert_array_equal(cast(relu(x), narrow).view(np.uint16), relu(cast(x, narrow)).view(np.uint16))


def max_pool(x: np.ndarray, kernel, strides, padding) -> np.ndarray:
    n, h, w, c = x.shape
    kh, kw = kernel
    ho = (h + padding[0] + padding[1] - kh) // strides[0] + 1
    wo = (w + padding[2] + padding[3] - kw) // strides[1] + 1
    props = f"kernel = array<i64: {kh}, {kw}>, strides = array<i64: {strides[0]}, {strides[1]}>, padding = array<i64: {', '.join(map(str, padding))}>"
    out_t = tensor_type((n, ho, wo, c), x.dtype)
    return run_op(f"nn.max_pool %arg0 {{{props}}} : ({tensor_type(x.shape, x.dtype)}) -> {out_t}", [x], out_t)


def test_max_pool_prefers_plus_zero_and_propagates_nan():
    """Windows of 2x2 over a [1, 2, 2k, 1] input, one window per column pair."""
    windows = [
        ([-0.0, 0.0, -0.0, -0.0], 0.0),
        ([0.0, -0.0, -0.0, -0.0], 0.0),
        ([-0.0, -0.0, -0.0, 0.0], 0.0),
        ([-0.0, -0.0, -0.0, -0.0], -0.0),
        ([-0.0, -1.0, -math.inf, -0.0], -0.0),
        ([math.nan, 1.0, 2.0, 3.0], math.nan),
        ([1.0, 2.0, 3.0, math.nan], math.nan),
        ([-math.inf, -math.inf, -math.inf, -math.inf], -math.inf),
        ([-1e-10, -2e-10, -0.0, -3e-10], -0.0),
    ]
    for dtype in (np.float32, np.float16, BF16):
        x = np.zeros((1, 2, 2 * len(windows), 1), dtype=np.float32)
        for k, (values, _) in enumerate(windows):
            x[0, :, 2 * k : 2 * k + 2, 0] = np.array(values, dtype=np.float32).reshape(2, 2)
        out = max_pool(x.astype(dtype), (2, 2), (2, 2), (0, 0, 0, 0)).astype(np.float32).reshape(-1)
        for k, (_, want) in enumerate(windows):
            if math.isnan(want):
                assert math.isnan(out[k]), (dtype, k)
            else:
                assert out[k] == want and bool(np.signbit(out[k])) == (math.copysign(1, want) < 0), (dtype, k, out[k])


def test_max_pool_padding_never_wins():
    """Padding is -inf: a window of -0.0 and padding gives -0.0, not +0.0."""
    x = np.full((1, 1, 1, 1), -0.0, dtype=np.float32)
    out = max_pool(x, (2, 2), (1, 1), (1, 0, 1, 0))
    assert out.view(np.uint32).tolist() == [[[[0x80000000]]]]


def max_pool_reference(x: np.ndarray, kernel, strides, padding):
    """Window max by loops: any NaN wins, +0.0 beats -0.0, padding never wins. NaN
    results are reported as None (any input NaN of the window may come out)."""
    n, h, w, c = x.shape
    kh, kw = kernel
    ho = (h + padding[0] + padding[1] - kh) // strides[0] + 1
    wo = (w + padding[2] + padding[3] - kw) // strides[1] + 1
    out = {}
    for b, oy, ox, ch in np.ndindex(n, ho, wo, c):
        window = []
        for i in range(kh):
            for j in range(kw):
                y, xx = oy * strides[0] - padding[0] + i, ox * strides[1] - padding[2] + j
                if 0 <= y < h and 0 <= xx < w:
                    window.append(x[b, y, xx, ch])
        if any(np.isnan(v) for v in window):
            out[b, oy, ox, ch] = ("nan", {v.tobytes() for v in window if np.isnan(v)})
        else:
            best = max(window, key=lambda v: (float(v), not np.signbit(v)))
            out[b, oy, ox, ch] = ("value", best.tobytes())
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(interesting_floats, min_size=18, max_size=18),
    st.sampled_from([((2, 2), (1, 1), (0, 0, 0, 0)), ((3, 2), (2, 1), (1, 1, 0, 1)), ((2, 3), (1, 2), (1, 0, 2, 1))]),
    st.sampled_from([np.float32, np.float16, BF16]),
)
def test_max_pool_matches_reference_bits(values, window, dtype):
    x = inputs(values, dtype).reshape(1, 3, 3, 2)
    out = max_pool(x, *window)
    for index, (kind, want) in max_pool_reference(x, *window).items():
        got = out[index].tobytes()
        if kind == "nan":
            assert got in want, (index, got, want)  # one of the window's own NaNs
        else:
            assert got == want, (index, got, want)


@settings(max_examples=40, deadline=None)
@given(st.lists(interesting_floats, min_size=18, max_size=18), st.sampled_from([np.float16, BF16]))
def test_max_pool_commutes_with_narrowing_cast(values, narrow):
    x = np.array(values, dtype=np.float32).reshape(1, 3, 3, 2)
    window = ((2, 2), (1, 1), (1, 0, 0, 1))
    before = cast(max_pool(x, *window), narrow)
    after = max_pool(cast(x, narrow), *window)
    both_nan = np.isnan(before.astype(np.float32)) & np.isnan(after.astype(np.float32))
    np.testing.assert_array_equal(before.view(np.uint16)[~both_nan], after.view(np.uint16)[~both_nan])
