// See NetworkKernels.h. Written with the compiler's vector extensions: `d4` is four doubles
// (one point per lane), `f16` sixteen floats (two AVX registers: two independent halves per
// instruction stream, which keeps both floating-point pipes busy). Every body is `always_inline` and instantiated twice
// by GS_LEVELS: plain (baseline x86-64: two SSE2 registers per d4) and target("avx2") (one YMM
// register). Built with -ffp-contract=off and without the FMA feature, so no multiply-add is ever
// fused and both builds round exactly alike.
//
// The constants are the hexadecimal forms of the decimal ones quoted beside them (Cephes' exp and
// tanh in double; the 13/6 rational tanh of Eigen, XLA and ONNX Runtime in single precision).
#include "NetworkKernels.h"

#include <math.h>
#include <string.h>

// Vectors are passed by value only between always-inline functions, which never see a call
// boundary: clang's warning that a 32-byte vector argument's ABI depends on AVX does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

// Aligned like their scalars, so the caller's buffers (Swift arrays) need no special alignment.
typedef double d4 __attribute__((vector_size(32), aligned(8)));
typedef int64_t m4 __attribute__((vector_size(32), aligned(8)));
typedef uint64_t u4 __attribute__((vector_size(32), aligned(8)));
typedef float f16 __attribute__((vector_size(64), aligned(4)));
typedef int32_t m16 __attribute__((vector_size(64), aligned(4)));
typedef float f8 __attribute__((vector_size(32), aligned(4)));
typedef float f4 __attribute__((vector_size(16), aligned(4)));
typedef double d16 __attribute__((vector_size(128), aligned(8)));

#define INLINE static inline __attribute__((always_inline))

#if defined(__x86_64__)
#define GS_AVX2 __attribute__((target("avx2")))
#define GS_HAS_AVX2 1
#else
#define GS_HAS_AVX2 0
#endif

int32_t gs_kernel_level(void) {
#if GS_HAS_AVX2
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;
#endif
}

// MARK: - Lanes

INLINE d4 splat4(double k) { return (d4){k, k, k, k}; }
INLINE f16 splat16(float k) { return (f16){k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k}; }
/// mask ? a : b, lane by lane (masks are all ones or all zeros).
INLINE d4 select4(m4 mask, d4 a, d4 b) { return (d4)((mask & (m4)a) | (~mask & (m4)b)); }
INLINE f16 select16(m16 mask, f16 a, f16 b) { return (f16)((mask & (m16)a) | (~mask & (m16)b)); }
INLINE int any4(m4 mask) { return (mask[0] | mask[1] | mask[2] | mask[3]) != 0; }

/// value clamped to [low, high]; NaN stays NaN.
INLINE d4 clamp4(d4 value, double low, double high) {
    d4 raised = select4(value < splat4(low), splat4(low), value);
    return select4(raised > splat4(high), splat4(high), raised);
}
INLINE f16 clamp16(f16 value, float low, float high) {
    f16 raised = select16(value < splat16(low), splat16(low), value);
    return select16(raised > splat16(high), splat16(high), raised);
}

/// e^y = 2ⁿ (q + p)/(q - p) (Cephes): y clamped to [-708, 709], n = round(y / ln 2) (by adding
/// and removing 1.5·2⁵²), r = y - n ln 2 with ln 2 in two parts, p = r P(r²), q = Q(r²), and 2ⁿ
/// built from its exponent bits ((n + 1023) + 2⁵² holds n + 1023 in its low mantissa bits).
INLINE void exp_parts4(d4 y, d4 *p, d4 *q, d4 *scale) {
    d4 x = clamp4(y, -708, 709);
    d4 n = (x * 0x1.71547652b82fep+0 + 0x1.8p+52) - 0x1.8p+52;           // log2(e) 1.4426950408889634
    d4 r = x - n * 0x1.62e4p-1;                                            // 6.93145751953125E-1
    r = r - n * 0x1.7f7d1cf79abcap-20;                                     // 1.42860682030941723212E-6
    d4 rr = r * r;
    *p = r * ((0x1.089cdd5e44be8p-13 * rr + 0x1.f06d10cca2c7ep-6) * rr + 0x1p+0);   // P: 1.2617719e-4, 3.0299440e-2, 1
    *q = ((0x1.92eb6bc365fap-19 * rr + 0x1.4ae39b508b6cp-9) * rr + 0x1.d17099887e074p-3) * rr
        + 0x1p+1;                                                          // Q: 3.0019850e-6, 2.5244834e-3, 2.2726554e-1, 2
    u4 biased = (u4)(n + 0x1.00000000003ffp+52) & 0x7FF;                  // (n + 1023) + 2⁵²
    *scale = (d4)(biased << 52);
}

INLINE d4 exp4(d4 y) {
    d4 p, q, scale;
    exp_parts4(y, &p, &q, &scale);
    return scale * (q + p) / (q - p);
}

/// tanh with one division: x(Q + P')/Q (Cephes' rational x + x³P(x²)/Q(x²)) for |x| < 0.625,
/// else (e - 1)/(e + 1) with e = e^{2|x|} = 2ⁿ(q + p)/(q - p), signed like x (|x| clamped to 20).
INLINE d4 tanh4(d4 x) {
    d4 magnitude = select4(x < 0, -x, x);
    m4 large = magnitude >= 0.625;
    d4 z = x * x;
    d4 sp = ((-0x1.edc5baafd6f4bp-1 * z - 0x1.8d26a0e26682dp+6) * z - 0x1.93ac030580563p+10) * z;  // -9.644e-1, 9.929e1, 1.615e3
    d4 sq = ((z + 0x1.c33f28a581b86p+6) * z + 0x1.176fa0e5535fap+11) * z + 0x1.2ec102442040cp+12;   // 1.128e2, 2.235e3, 4.844e3
    if (!any4(large)) return x * (sq + sp) / sq;
    d4 p, q, scale;
    exp_parts4(2 * clamp4(magnitude, 0, 20), &p, &q, &scale);
    d4 e = scale * (q + p), d = q - p;
    d4 numerator = select4(large, select4(x < 0, d - e, e - d), x * (sq + sp));
    d4 denominator = select4(large, e + d, sq);
    return numerator / denominator;
}

INLINE d4 sigmoid4(d4 z) { return 1 / (1 + exp4(-z)); }

/// tanh in single precision: the odd 13/6 rational minimax on x clamped to ±7.90531110763549805.
INLINE f16 tanh16(f16 value) {
    f16 x = clamp16(value, -0x1.f9f09ep+2f, 0x1.f9f09ep+2f);
    f16 x2 = x * x;
    f16 p = x2 * -0x1.3e4b8p-52f + 0x1.c266fcp-43f;    // -2.76076847742355e-16, 2.00018790482477e-13
    p = p * x2 - 0x1.7a6ffep-34f;                     // 8.60467152213735e-11
    p = p * x2 + 0x1.b80082p-25f;                     // 5.12229709037114e-08
    p = p * x2 + 0x1.f28694p-17f;                     // 1.48572235717979e-05
    p = p * x2 + 0x1.4e1bdap-11f;                     // 6.37261928875436e-04
    p = p * x2 + 0x1.40b3b8p-8f;                      // 4.89352455891786e-03
    f16 q = x2 * 0x1.41a7bp-20f + 0x1.f12bacp-14f;     // 1.19825839466702e-06, 1.18534705686654e-04
    q = q * x2 + 0x1.29540ap-9f;                      // 2.26843463243900e-03
    q = q * x2 + 0x1.40b3bap-8f;                      // 4.89352518554385e-03
    return x * p / q;
}

/// σ(z) = ½ + ½ tanh(z/2).
INLINE f16 sigmoid16(f16 z) { return 0.5f + 0.5f * tanh16(0.5f * z); }

/// max(z, 0), keeping NaN (and -0).
INLINE d4 relu4(d4 z) { return select4(z < 0, splat4(0), z); }
INLINE f16 relu16(f16 z) { return select16(z < 0, splat16(0), z); }

// MARK: - Forward

/// Rows i0 ..< i0 + B of a dense layer, z_i = b_i + Σ_j W_ij a_j (summed in order of j), then
/// φ (hidden layers; GS_LINEAR for the output layer), with B accumulators side by side: B
/// independent chains, each activation computed while its row is still in a register.
/// B is a constant at every call, so its loops unroll into registers.
#define GS_DENSE_ROWS(name, V, S, splat, tanh, sigmoid, relu)                                     \
    INLINE void name(const S *weights, const S *biases, const V *input, int32_t n_in, int32_t i0, \
                     const int B, int32_t activation, V *out) {                                   \
        V z[4];                                                                                   \
        for (int k = 0; k < B; k++) z[k] = splat(biases[i0 + k]);                                 \
        const S *row = weights + i0 * n_in;                                                       \
        for (int32_t j = 0; j < n_in; j++) {                                                      \
            const V a = input[j];                                                                 \
            for (int k = 0; k < B; k++) z[k] += row[k * n_in + j] * a;                            \
        }                                                                                         \
        switch (activation) {                                                                     \
        case GS_TANH: for (int k = 0; k < B; k++) z[k] = tanh(z[k]); break;                       \
        case GS_RELU: for (int k = 0; k < B; k++) z[k] = relu(z[k]); break;                       \
        case GS_SIGMOID: for (int k = 0; k < B; k++) z[k] = sigmoid(z[k]); break;                 \
        default: break;                                                                           \
        }                                                                                         \
        for (int k = 0; k < B; k++) out[i0 + k] = z[k];                                           \
    }
GS_DENSE_ROWS(dense_rows4, d4, double, splat4, tanh4, sigmoid4, relu4)
GS_DENSE_ROWS(dense_rows16, f16, float, splat16, tanh16, sigmoid16, relu16)

/// A whole dense layer: rows four at a time, then one by one (eight rows side by side run out of
/// registers).
#define GS_DENSE(name, rows, V, S)                                                                \
    INLINE void name(const S *weights, const S *biases, const V *input, int32_t n_in, int32_t n_out, \
                     int32_t activation, V *out) {                                                \
        int32_t i = 0;                                                                            \
        for (; i + 4 <= n_out; i += 4) rows(weights, biases, input, n_in, i, 4, activation, out); \
        for (; i < n_out; i++) rows(weights, biases, input, n_in, i, 1, activation, out);         \
    }
GS_DENSE(dense4, dense_rows4, d4, double)
GS_DENSE(dense16, dense_rows16, f16, float)

/// Input features of four points (u = x/3, v = y/3; the sines take the raw coordinates).
INLINE void features4(int32_t set, d4 x, d4 y, d4 *out) {
    d4 u = x * 0x1.5555555555555p-2, v = y * 0x1.5555555555555p-2;      // 1/3
    int i = 0;
    if (set & 1) out[i++] = u;
    if (set & 2) out[i++] = v;
    if (set & 4) out[i++] = u * u;
    if (set & 8) out[i++] = v * v;
    if (set & 16) out[i++] = u * v;
    if (set & 32) out[i++] = (d4){sin(x[0]), sin(x[1]), sin(x[2]), sin(x[3])};
    if (set & 64) out[i++] = (d4){sin(y[0]), sin(y[1]), sin(y[2]), sin(y[3])};
}

INLINE void features16(int32_t set, f16 x, f16 y, f16 *out) {
    f16 u = x * 0x1.555556p-2f, v = y * 0x1.555556p-2f;                 // Float(1/3)
    int i = 0;
    if (set & 1) out[i++] = u;
    if (set & 2) out[i++] = v;
    if (set & 4) out[i++] = u * u;
    if (set & 8) out[i++] = v * v;
    if (set & 16) out[i++] = u * v;
    if (set & 32) { f16 s; for (int k = 0; k < 16; k++) s[k] = sinf(x[k]); out[i++] = s; }
    if (set & 64) { f16 s; for (int k = 0; k < 16; k++) s[k] = sinf(y[k]); out[i++] = s; }
}

/// Four points through the network up to layer `last` (units laid out as unit_offsets; the output
/// layer keeps z): z_i = b_i + Σ_j W_ij a_j, summed in order of j.
INLINE void forward4(const gs_network *n, const double *w, d4 x, d4 y, d4 *units, int32_t last) {
    features4(n->features, x, y, units);
    int32_t in_offset = 0;
    for (int32_t l = 0; l < last; l++) {
        const int32_t n_in = n->sizes[l], n_out = n->sizes[l + 1], out_offset = in_offset + n_in;
        const double *weights = w + n->weight_offsets[l], *biases = w + n->bias_offsets[l];
        dense4(weights, biases, units + in_offset, n_in, n_out,
               l < n->layer_count - 1 ? n->activation : GS_LINEAR, units + out_offset);
        in_offset = out_offset;
    }
}

INLINE void forward16(const gs_network *n, const float *w, f16 x, f16 y, f16 *units, int32_t last) {
    features16(n->features, x, y, units);
    int32_t in_offset = 0;
    for (int32_t l = 0; l < last; l++) {
        const int32_t n_in = n->sizes[l], n_out = n->sizes[l + 1], out_offset = in_offset + n_in;
        const float *weights = w + n->weight_offsets[l], *biases = w + n->bias_offsets[l];
        dense16(weights, biases, units + in_offset, n_in, n_out,
               l < n->layer_count - 1 ? n->activation : GS_LINEAR, units + out_offset);
        in_offset = out_offset;
    }
}

/// The points four (sixteen) at a time, the last group padded by repeating its last point.
INLINE void values_f64(const gs_network *n, const double *w, const double *points, int64_t count, int32_t layer,
                       d4 *units, double *out) {
    const int32_t width = n->sizes[layer], offset = n->unit_offsets[layer];
    for (int64_t first = 0; first < count; first += 4) {
        const int64_t real = count - first < 4 ? count - first : 4;
        d4 x, y;
        if (real == 4) {
            const d4 *pairs = (const d4 *)(points + 2 * first);   // x0 y0 x1 y1 | x2 y2 x3 y3
            x = __builtin_shufflevector(pairs[0], pairs[1], 0, 2, 4, 6);
            y = __builtin_shufflevector(pairs[0], pairs[1], 1, 3, 5, 7);
        } else {
            for (int k = 0; k < 4; k++) {
                const double *p = points + 2 * (first + (k < real ? k : real - 1));
                x[k] = p[0];
                y[k] = p[1];
            }
        }
        forward4(n, w, x, y, units, layer);
        if (real == 4 && width == 1) {
            *(d4 *)(out + first) = units[offset];
        } else {
            for (int64_t k = 0; k < real; k++)
                for (int32_t o = 0; o < width; o++) out[(first + k) * width + o] = units[offset + o][k];
        }
    }
}

INLINE void values_f32(const gs_network *n, const float *w, const double *points, int64_t count, int32_t layer,
                       f16 *units, double *out) {
    const int32_t width = n->sizes[layer], offset = n->unit_offsets[layer];
    for (int64_t first = 0; first < count; first += 16) {
        const int64_t real = count - first < 16 ? count - first : 16;
        f16 x, y;
        if (real == 16) {
            // Two points (x, y, x, y) at a time, converted to float (rounded as a cast does),
            // joined and then split into the x and y lanes.
            const d4 *pairs = (const d4 *)(points + 2 * first);
            f4 q[8];
            for (int k = 0; k < 8; k++) q[k] = __builtin_convertvector(pairs[k], f4);
            const f8 a = __builtin_shufflevector(q[0], q[1], 0, 1, 2, 3, 4, 5, 6, 7);
            const f8 b = __builtin_shufflevector(q[2], q[3], 0, 1, 2, 3, 4, 5, 6, 7);
            const f8 c = __builtin_shufflevector(q[4], q[5], 0, 1, 2, 3, 4, 5, 6, 7);
            const f8 d = __builtin_shufflevector(q[6], q[7], 0, 1, 2, 3, 4, 5, 6, 7);
            const f16 low = __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            const f16 high = __builtin_shufflevector(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            x = __builtin_shufflevector(low, high, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            y = __builtin_shufflevector(low, high, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
        } else {
            for (int k = 0; k < 16; k++) {
                const double *p = points + 2 * (first + (k < real ? k : real - 1));
                x[k] = (float)p[0];
                y[k] = (float)p[1];
            }
        }
        forward16(n, w, x, y, units, layer);
        if (real == 16 && width == 1) {
            *(d16 *)(out + first) = __builtin_convertvector(units[offset], d16);
        } else {
            for (int64_t k = 0; k < real; k++)
                for (int32_t o = 0; o < width; o++) out[(first + k) * width + o] = units[offset + o][k];
        }
    }
}

// MARK: - Backward

/// Columns j0 ..< j0 + B of Wᵀδ: Σ_i W_ij δ_i from 0, summed in order of i, B chains side by side.
INLINE void transposed_columns4(const double *weights, const d4 *delta, int32_t n_in, int32_t n_out, int32_t j0,
                                const int B, d4 *out) {
    d4 sum[8];
    for (int k = 0; k < B; k++) sum[k] = splat4(0);
    for (int32_t i = 0; i < n_out; i++) {
        const d4 di = delta[i];
        const double *row = weights + i * n_in + j0;
        for (int k = 0; k < B; k++) sum[k] += row[k] * di;
    }
    for (int k = 0; k < B; k++) out[j0 + k] = sum[k];
}

/// out = Wᵀδ for a layer with n_in inputs and n_out outputs.
INLINE void transposed4(const double *weights, const d4 *delta, int32_t n_in, int32_t n_out, d4 *out) {
    int32_t j = 0;
    for (; j + 8 <= n_in; j += 8) transposed_columns4(weights, delta, n_in, n_out, j, 8, out);
    for (; j + 4 <= n_in; j += 4) transposed_columns4(weights, delta, n_in, n_out, j, 4, out);
    for (; j < n_in; j++) transposed_columns4(weights, delta, n_in, n_out, j, 1, out);
}

/// δ_l = (W_lᵀ δ_{l+1}) ⊙ φ'(a_l) layer by layer from the output's δ, adding δ_{l+1} a_lᵀ and
/// δ_{l+1} to each lane's ∂L/∂W_l, ∂L/∂b_l.
INLINE void backward4(const gs_network *n, const double *w, const d4 *units, d4 *deltas, d4 *g) {
    for (int32_t l = n->layer_count - 1; l >= 0; l--) {
        const int32_t n_in = n->sizes[l], n_out = n->sizes[l + 1];
        const d4 *a = units + n->unit_offsets[l], *delta = deltas + n->unit_offsets[l + 1];
        d4 *gw = g + n->weight_offsets[l], *gb = g + n->bias_offsets[l];
        for (int32_t i = 0; i < n_out; i++) {
            const d4 di = delta[i];
            gb[i] += di;
            d4 *row = gw + i * n_in;
            for (int32_t j = 0; j < n_in; j++) row[j] += di * a[j];
        }
        if (l > 0) {
            const double *weights = w + n->weight_offsets[l];
            d4 *below = deltas + n->unit_offsets[l];
            transposed4(weights, delta, n_in, n_out, below);
            for (int32_t j = 0; j < n_in; j++) {
                const d4 sum = below[j], aj = a[j];
                switch (n->activation) {
                case GS_TANH: below[j] = sum * (1 - aj * aj); break;
                case GS_RELU: below[j] = select4(aj <= 0, splat4(0), sum); break;
                case GS_SIGMOID: below[j] = sum * aj * (1 - aj); break;
                default: below[j] = sum; break;
                }
            }
        }
    }
}

INLINE void reduce_lanes(const d4 *lanes, int64_t parameter_count, double *gradient) {
    for (int64_t k = 0; k < parameter_count; k++) {
        const d4 v = lanes[k];
        gradient[k] += (((-0.0 + v[0]) + v[1]) + v[2]) + v[3];
    }
}

INLINE void accumulate_sigmoid_ce(const gs_network *n, const double *w, const double *points, const double *labels,
                                  int64_t count, d4 *units, d4 *deltas, d4 *g,
                                  int64_t parameter_count, double *gradient) {
    memset(g, 0, sizeof(d4) * (size_t)parameter_count);
    const int32_t out = n->unit_offsets[n->layer_count];
    for (int64_t first = 0; first < count; first += 4) {
        const int64_t real = count - first < 4 ? count - first : 4;
        d4 x, y, label, weight;
        for (int k = 0; k < 4; k++) {
            const int64_t index = first + (k < real ? k : real - 1);
            x[k] = points[2 * index];
            y[k] = points[2 * index + 1];
            label[k] = labels[index];
            weight[k] = k < real ? 1 : 0;
        }
        forward4(n, w, x, y, units, n->layer_count);
        deltas[out] = (sigmoid4(units[out]) - label) * weight;   // padded lanes add nothing
        backward4(n, w, units, deltas, g);
    }
    reduce_lanes(g, parameter_count, gradient);
}

// MARK: - Update

/// Whether any of `count` values is ±inf or NaN (all exponent bits set): integer tests ORed
/// together, which vectorise, where a floating-point test stops at the first failure.
INLINE int any_not_finite(const double *values, int64_t count) {
    const uint64_t exponent = 0x7FF0000000000000u;
    uint64_t found = 0;
    for (int64_t k = 0; k < count; k++) {
        uint64_t bits;
        memcpy(&bits, values + k, sizeof bits);
        found |= (bits & exponent) == exponent;
    }
    return found != 0;
}

INLINE int32_t sgd_update(const gs_network *n, double *restrict w, const double *restrict g, int64_t count, double lr,
                          double points, int32_t regularization, double rate) {
    if (rate > 0 && regularization != GS_NO_REGULARIZATION) {
        const double step = lr * rate;
        for (int32_t l = 0; l < n->layer_count; l++) {
            for (int32_t k = n->weight_offsets[l]; k < n->bias_offsets[l]; k++) {
                const double v = w[k];
                const double slope = regularization == GS_L2 ? v : (v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0));
                w[k] = v - step * slope;
            }
        }
    }
    for (int64_t k = 0; k < count; k++) w[k] = w[k] - lr * g[k] / points;
    return !any_not_finite(w, count) && !any_not_finite(g, count);
}

// MARK: - Levels

#if GS_HAS_AVX2
#define GS_LEVELS(name, params, args) \
    static void name##_base params { name args; } \
    GS_AVX2 static void name##_avx2 params { name args; }
#define GS_CALL(level, name, args) do { if (level >= 1) name##_avx2 args; else name##_base args; } while (0)
#else
#define GS_LEVELS(name, params, args) static void name##_base params { name args; }
#define GS_CALL(level, name, args) do { (void)level; name##_base args; } while (0)
#endif

GS_LEVELS(values_f64, (const gs_network *n, const double *w, const double *p, int64_t c, int32_t l, d4 *u, double *o),
          (n, w, p, c, l, u, o))
GS_LEVELS(values_f32, (const gs_network *n, const float *w, const double *p, int64_t c, int32_t l, f16 *u, double *o),
          (n, w, p, c, l, u, o))
GS_LEVELS(accumulate_sigmoid_ce, (const gs_network *n, const double *w, const double *p, const double *y,
                                  int64_t c, d4 *u, d4 *d, d4 *g, int64_t pc, double *gr),
          (n, w, p, y, c, u, d, g, pc, gr))
INLINE void forward_group(const gs_network *n, const double *w, const double *x, const double *y, d4 *units) {
    d4 xs, ys;
    memcpy(&xs, x, sizeof xs);
    memcpy(&ys, y, sizeof ys);
    forward4(n, w, xs, ys, units, n->layer_count);
}
GS_LEVELS(forward_group, (const gs_network *n, const double *w, const double *x, const double *y, d4 *u), (n, w, x, y, u))
GS_LEVELS(backward4, (const gs_network *n, const double *w, const d4 *u, d4 *d, d4 *g), (n, w, u, d, g))

#if GS_HAS_AVX2
#define GS_LEVELS_RETURNING(type, name, params, args) \
    static type name##_base params { return name args; } \
    GS_AVX2 static type name##_avx2 params { return name args; }
#else
#define GS_LEVELS_RETURNING(type, name, params, args) static type name##_base params { return name args; }
#endif
GS_LEVELS_RETURNING(int32_t, sgd_update, (const gs_network *n, double *w, const double *g, int64_t c, double lr,
                                          double p, int32_t r, double rate), (n, w, g, c, lr, p, r, rate))

#define GS_LANE_FUNCTION(name, type, body) \
    INLINE void name##_lanes(const type *in, type *out) { body } \
    GS_LEVELS(name##_lanes, (const type *in, type *out), (in, out))
GS_LANE_FUNCTION(tanh4, double, { d4 v; memcpy(&v, in, sizeof v); v = tanh4(v); memcpy(out, &v, sizeof v); })
GS_LANE_FUNCTION(exp4, double, { d4 v; memcpy(&v, in, sizeof v); v = exp4(v); memcpy(out, &v, sizeof v); })
GS_LANE_FUNCTION(sigmoid4, double, { d4 v; memcpy(&v, in, sizeof v); v = sigmoid4(v); memcpy(out, &v, sizeof v); })
GS_LANE_FUNCTION(tanh16, float, { f16 v; memcpy(&v, in, sizeof v); v = tanh16(v); memcpy(out, &v, sizeof v); })

// MARK: - Entry points

void gs_values_f64(int32_t level, const gs_network *network, const double *parameters, const double *points,
                   int64_t count, int32_t layer, double *units, double *out) {
    GS_CALL(level, values_f64, (network, parameters, points, count, layer, (d4 *)units, out));
}

void gs_values_f32(int32_t level, const gs_network *network, const float *parameters, const double *points,
                   int64_t count, int32_t layer, float *units, double *out) {
    GS_CALL(level, values_f32, (network, parameters, points, count, layer, (f16 *)units, out));
}

void gs_accumulate_sigmoid_ce_f64(int32_t level, const gs_network *network, const double *parameters,
                                  const double *points, const double *labels, int64_t count,
                                  double *units, double *deltas, double *lane_gradient, int64_t parameter_count,
                                  double *gradient) {
    GS_CALL(level, accumulate_sigmoid_ce,
            (network, parameters, points, labels, count, (d4 *)units, (d4 *)deltas, (d4 *)lane_gradient,
             parameter_count, gradient));
}

void gs_forward_group_f64(int32_t level, const gs_network *network, const double *parameters, const double x[4],
                          const double y[4], double *units) {
    GS_CALL(level, forward_group, (network, parameters, x, y, (d4 *)units));
}

void gs_backward_group_f64(int32_t level, const gs_network *network, const double *parameters, const double *units,
                           double *deltas, double *lane_gradient) {
    GS_CALL(level, backward4, (network, parameters, (const d4 *)units, (d4 *)deltas, (d4 *)lane_gradient));
}

int32_t gs_sgd_update_f64(int32_t level, const gs_network *network, double *parameters, const double *gradient,
                          int64_t parameter_count, double learning_rate, double n, int32_t regularization,
                          double rate) {
#if GS_HAS_AVX2
    if (level >= 1)
        return sgd_update_avx2(network, parameters, gradient, parameter_count, learning_rate, n, regularization, rate);
#endif
    (void)level;
    return sgd_update_base(network, parameters, gradient, parameter_count, learning_rate, n, regularization, rate);
}

void gs_reduce_lanes_f64(const double *lane_gradient, int64_t parameter_count, double *gradient) {
    reduce_lanes((const d4 *)lane_gradient, parameter_count, gradient);
}

void gs_tanh_f64x4(int32_t level, const double in[4], double out[4]) { GS_CALL(level, tanh4_lanes, (in, out)); }
void gs_exp_f64x4(int32_t level, const double in[4], double out[4]) { GS_CALL(level, exp4_lanes, (in, out)); }
void gs_sigmoid_f64x4(int32_t level, const double in[4], double out[4]) { GS_CALL(level, sigmoid4_lanes, (in, out)); }
void gs_tanh_f32x16(int32_t level, const float in[16], float out[16]) { GS_CALL(level, tanh16_lanes, (in, out)); }
