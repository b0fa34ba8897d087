import SimulationCore

/// The readouts a scene can point at (`highlight: linear.det`): a plain name per readout and
/// the label the pane draws it under.
public enum PaneReadouts {
    public static let table: [PaneID: [(name: String, label: String)]] = [
        .linear: [("det", "det A"), ("trace", "tr A"), ("condition", "κ"), ("eigenvalues", "λ"), ("singular-values", "σ"),
                  ("product", "Ax"), ("rank", "rank"), ("null-space", "null"), ("relative-perturbation", "rel Δb"),
                  ("relative-change", "rel Δx"), ("amplification", "amp"), ("pca-mean", "mean"), ("pca-singular-values", "s"),
                  ("pca-deviations", "sd"), ("pca-axis", "v1"), ("explained", "expl."), ("inner-product", "u·v"),
                  ("cosine", "cos"), ("manhattan", "L1"), ("euclidean", "L2")],
        .entropy: [("entropy", "H(P)"), ("entropy-q", "H(Q)"), ("cross-entropy", "H(P,Q)"), ("kl", "KL(P‖Q)"),
                   ("kl-reverse", "KL(Q‖P)"), ("p", "p"), ("binary-entropy", "H(p)"), ("binary-entropy-slope", "H'(p)"),
                   ("information-heads", "I(H)"), ("information-tails", "I(T)"), ("temperature", "T"),
                   ("softmax-entropy", "H(s)"), ("max-entropy", "max H"), ("x", "x"), ("exact", "exact"),
                   ("forward", "fwd"), ("central", "central"), ("relative-error", "rel err"), ("samples", "n"),
                   ("plain", "plain"), ("importance", "IS"), ("q-gradient", "∇q"), ("inverse-mean", "mean"),
                   ("inverse-variance", "var"), ("inverse-distance", "TV"), ("inverse-last", "last")],
        .boundary: [("epoch", "epoch"), ("loss", "loss"), ("accuracy", "acc"), ("f1", "P R F1"), ("macro", "macro"),
                    ("ap", "AP"), ("lr", "lr"), ("regularization", "reg"), ("loss-function", "loss fn"), ("view", "view"),
                    ("inputs", "in"), ("map", "mAP"), ("vc-dimension", "h"), ("train-error", "R_emp"), ("test-error", "R"),
                    ("vc-bound", "bound"), ("generalisation-gap", "gap"), ("looseness", "loose")],
        .optimizer: [("condition", "κ(H)"), ("eigenvalues", "λ(H)"), ("critical-point", "H is"), ("gradient", "∇f"),
                     ("best-lr", "best lr"), ("best-momentum", "mom*"), ("rate", "rate"), ("scale", "scale"),
                     ("multiplier", "μ*"), ("kkt-point", "X"), ("stationarity", "∇L"), ("feasibility", "feas."),
                     ("dual-feasibility", "μ≥0"), ("complementary-slackness", "μ·g=0"), ("primal-dual", "p*"),
                     ("duality-gap", "gap"), ("kkt-second-order", "2nd"), ("stationary-point", "crit."),
                     ("first-order", "FONC"), ("second-order-necessary", "SONC"),
                     ("second-order-sufficient", "SOSC"), ("verdict", "verdict")],
    ]

    /// The names a scene may use for `pane`.
    public static func names(for pane: PaneID) -> [String] { table[pane]?.map(\.name) ?? [] }

    /// The label drawn for readout `name` of `pane`.
    public static func label(pane: PaneID, name: String) -> String? {
        table[pane]?.first { $0.name == name }?.label
    }
}
