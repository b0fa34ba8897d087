// The boundary lab's hot loops in C: a network's forward pass on many points and its
// backpropagation over a minibatch, four points per lane group in double precision (training,
// metrics) or sixteen in single precision (pictures).
//
// Each kernel is compiled twice from one body: for the baseline x86-64 (SSE2) and for AVX2, the
// one chosen at run time (`gs_kernel_level`). Neither uses fused multiply-add and both do the same
// IEEE operations in the same order, so every level gives bitwise the same numbers (tested): a
// seed means the same training on every machine.
#ifndef GRADSCOPE_NETWORK_KERNELS_H
#define GRADSCOPE_NETWORK_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Hidden-layer activations, as SimulationCore's `Activation`.
enum { GS_TANH = 0, GS_RELU = 1, GS_SIGMOID = 2, GS_LINEAR = 3 };

/// Penalties on the weights, as SimulationCore's `Regularization`.
enum { GS_NO_REGULARIZATION = 0, GS_L1 = 1, GS_L2 = 2 };

/// The most weight layers a shape describes (the lab uses at most 6 hidden + the output layer).
#define GS_MAX_LAYERS 15

/// A network's shape; its parameters are one flat array, layer by layer: W (row-major, row i =
/// unit i of the next layer) at weight_offsets[l], then b at bias_offsets[l].
typedef struct gs_network {
    int32_t layer_count;                    ///< weight layers, 1...GS_MAX_LAYERS
    int32_t activation;                     ///< GS_TANH ... (hidden layers; the output layer keeps z)
    int32_t features;                       ///< InputFeatures bits: x1 x2 x1² x2² x1x2 sin x1 sin x2
    int32_t unit_count;                     ///< Σ sizes
    int32_t sizes[GS_MAX_LAYERS + 1];       ///< units per layer, inputs first
    int32_t unit_offsets[GS_MAX_LAYERS + 1];
    int32_t weight_offsets[GS_MAX_LAYERS];
    int32_t bias_offsets[GS_MAX_LAYERS];
} gs_network;

/// 1 when this CPU runs the AVX2 build of the kernels, else 0 (the baseline build).
int32_t gs_kernel_level(void);

/// Layer `layer`'s values (layer_count: the raw output z) at `count` points (x, y pairs),
/// point-major into out[count * sizes[layer]]. Double precision. `units` is scratch of
/// 4 × unit_count doubles (no alignment needed, as for every buffer here).
void gs_values_f64(int32_t level, const gs_network *network, const double *parameters,
                   const double *points, int64_t count, int32_t layer, double *units, double *out);

/// The same in single precision (parameters as floats; `units`: 16 × unit_count floats): for
/// pictures, ~1e-6 from the double.
void gs_values_f32(int32_t level, const gs_network *network, const float *parameters,
                   const double *points, int64_t count, int32_t layer, float *units, double *out);

/// Σ ∂L/∂θ over `count` points (x, y pairs) and their labels, for a sigmoid output with
/// cross-entropy (∂L/∂z = σ(z) - label), added into gradient[]. Scratch: `units` and `deltas`
/// 4 × unit_count, `lane_gradient` 4 × parameter_count doubles.
void gs_accumulate_sigmoid_ce_f64(int32_t level, const gs_network *network, const double *parameters,
                                  const double *points, const double *labels,
                                  int64_t count, double *units, double *deltas, double *lane_gradient,
                                  int64_t parameter_count, double *gradient);

/// One group of four points: the forward pass into units[unit_count][4] (lane-major per unit).
void gs_forward_group_f64(int32_t level, const gs_network *network, const double *parameters,
                          const double x[4], const double y[4], double *units);

/// One group's backward pass: with units from `gs_forward_group_f64` and the output layer's
/// ∂L/∂z in deltas (at unit_offsets[layer_count], four lanes per unit), fills the other deltas
/// and adds each lane's ∂L/∂θ into lane_gradient[parameter][4].
void gs_backward_group_f64(int32_t level, const gs_network *network, const double *parameters,
                           const double *units, double *deltas, double *lane_gradient);

/// gradient[k] += the sum of lane_gradient[k]'s four lanes, in lane order.
void gs_reduce_lanes_f64(const double *lane_gradient, int64_t parameter_count, double *gradient);

/// One gradient-descent update from g = Σ ∂L/∂θ over n points: first the weights (never the
/// biases) θ ← θ - (lr·rate)·R'(θ) when rate > 0 (L1: R' = sign θ, 0 at 0; L2: R' = θ), then every
/// parameter θ ← θ - (lr·g)/n. Returns 1 when every parameter and every entry of g is finite.
int32_t gs_sgd_update_f64(int32_t level, const gs_network *network, double *parameters, const double *gradient,
                          int64_t parameter_count, double learning_rate, double n, int32_t regularization,
                          double rate);

/// The lane functions themselves, on four doubles or sixteen floats (for tests).
void gs_tanh_f64x4(int32_t level, const double in[4], double out[4]);
void gs_exp_f64x4(int32_t level, const double in[4], double out[4]);
void gs_sigmoid_f64x4(int32_t level, const double in[4], double out[4]);
void gs_tanh_f32x16(int32_t level, const float in[16], float out[16]);

#ifdef __cplusplus
}
#endif

#endif
