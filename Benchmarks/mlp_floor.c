/* The boundary lab's training benchmark in plain C: the floor a straightforward compiled
 * program reaches. Same network and protocol as Benchmarks/numpy_mlp.py and GradscopeBench's
 * train_epoch_2-8-8-1_tanh_250pts_batch10_us: a 2-8-8-1 tanh MLP, sigmoid output and
 * cross-entropy, 250 XOR-like points scaled by 1/3, minibatch SGD (batch 10, lr 0.03, 25
 * updates an epoch), reshuffled every epoch (Fisher-Yates). Doubles, plain loops, libm tanh
 * and exp; built with -O2 (no -ffast-math, as Gradscope keeps IEEE results).
 *
 * Build and run: cc -O2 -o /tmp/mlp_floor Benchmarks/mlp_floor.c -lm && /tmp/mlp_floor
 * Prints {"epochs_per_second": ...} (2,000 timed epochs after 20 warm-up epochs). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum { N = 250, H = 8, BATCH = 10 };
static double X[N][2], Y[N];
static double W1[2][H], b1[H], W2[H][H], b2[H], W3[H], b3;
static uint64_t state = 0x9E3779B97F4A7C15u;

static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static double unit(void) { return (double)(next() >> 11) / 9007199254740992.0; }
static double glorot(int in, int out) { double l = sqrt(6.0 / (in + out)); return (2 * unit() - 1) * l; }

static void epoch(int order[N]) {
    for (int i = N - 1; i > 0; i--) { int j = (int)(next() % (uint64_t)(i + 1)); int t = order[i]; order[i] = order[j]; order[j] = t; }
    for (int start = 0; start < N; start += BATCH) {
        double gW1[2][H] = {{0}}, gb1[H] = {0}, gW2[H][H] = {{0}}, gb2[H] = {0}, gW3[H] = {0}, gb3 = 0;
        int count = start + BATCH <= N ? BATCH : N - start;
        for (int k = 0; k < count; k++) {
            const double *x = X[order[start + k]];
            double a1[H], a2[H], d1[H], d2[H];
            for (int u = 0; u < H; u++) a1[u] = tanh(x[0] * W1[0][u] + x[1] * W1[1][u] + b1[u]);
            for (int u = 0; u < H; u++) { double z = b2[u]; for (int v = 0; v < H; v++) z += a1[v] * W2[v][u]; a2[u] = tanh(z); }
            double z3 = b3; for (int v = 0; v < H; v++) z3 += a2[v] * W3[v];
            double d3 = (1.0 / (1.0 + exp(-z3)) - Y[order[start + k]]) / count;
            for (int v = 0; v < H; v++) { d2[v] = d3 * W3[v] * (1 - a2[v] * a2[v]); gW3[v] += a2[v] * d3; }
            gb3 += d3;
            for (int v = 0; v < H; v++) {
                double s = 0; for (int u = 0; u < H; u++) { s += d2[u] * W2[v][u]; gW2[v][u] += a1[v] * d2[u]; }
                d1[v] = s * (1 - a1[v] * a1[v]);
            }
            for (int u = 0; u < H; u++) { gb2[u] += d2[u]; gb1[u] += d1[u]; gW1[0][u] += x[0] * d1[u]; gW1[1][u] += x[1] * d1[u]; }
        }
        const double lr = 0.03;
        for (int u = 0; u < H; u++) {
            W1[0][u] -= lr * gW1[0][u]; W1[1][u] -= lr * gW1[1][u]; b1[u] -= lr * gb1[u];
            b2[u] -= lr * gb2[u]; W3[u] -= lr * gW3[u];
            for (int v = 0; v < H; v++) W2[u][v] -= lr * gW2[u][v];
        }
        b3 -= lr * gb3;
    }
}

int main(void) {
    int order[N];
    for (int i = 0; i < N; i++) {
        X[i][0] = 10 * unit() - 5; X[i][1] = 10 * unit() - 5;
        Y[i] = (X[i][0] > 0) == (X[i][1] > 0);
        X[i][0] /= 3; X[i][1] /= 3; order[i] = i;
    }
    for (int u = 0; u < H; u++) { W1[0][u] = glorot(2, H); W1[1][u] = glorot(2, H); W3[u] = glorot(H, 1); for (int v = 0; v < H; v++) W2[u][v] = glorot(H, H); }
    for (int e = 0; e < 20; e++) epoch(order);
    const int epochs = 2000;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int e = 0; e < epochs; e++) epoch(order);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    double check = b3; for (int u = 0; u < H; u++) check += W3[u];  /* keeps the work observable */
    printf("{\"epochs_per_second\": %.1f, \"checksum\": %.6f}\n", epochs / seconds, check);
    return 0;
}
