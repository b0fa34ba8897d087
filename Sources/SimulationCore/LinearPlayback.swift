import Foundation

/// One moment of a decomposition played back: the partial map applied so far, the vectors to
/// follow through it, and what the stage does.
///
/// SVD, A = U Σ Vᵀ: stage 0 goes from I to Vᵀ, stage 1 from Vᵀ to Σ Vᵀ, stage 2 from Σ Vᵀ to
/// U Σ Vᵀ = A. Eigen, A = P D P⁻¹: I → P⁻¹ → D P⁻¹ → P D P⁻¹ = A. At progress 1 of stage 2 the
/// map is exactly A (up to rounding).
public struct PlaybackFrame: Sendable, Equatable {
    /// The map applied to the plane so far.
    public var map: Matrix2
    /// Vectors worth following (right singular vectors, or eigenvectors), with names.
    public var tracked: [Vec2]
    public var trackedNames: [String]
    /// 0, 1 or 2.
    public var stage: Int
    /// "1/3 Vᵀ: rotate by -30.0°" (Unicode notation; see `MathText` for ASCII).
    public var caption: String
}

public enum LinearPlayback {
    /// A rotation by `angle`, composed after a reflection across the x-axis when `flip`.
    /// Every 2x2 orthogonal Q is `rotation(θ)` (det +1) or `rotation(θ) · diag(1, -1)` (det -1).
    public static func orthogonalParts(_ q: Matrix2) -> (angle: Double, flip: Bool) {
        let flip = q.determinant < 0
        let rotation = flip ? q * Matrix2(1, 0, 0, -1) : q
        return (atan2(rotation.c, rotation.a), flip)
    }

    /// The orthogonal map `fraction` of the way from I: turn by fraction · θ; a reflection
    /// passes continuously through the line it flips across (diag(1, 1 - 2t)).
    public static func partialOrthogonal(angle: Double, flip: Bool, fraction t: Double) -> Matrix2 {
        Matrix2.rotation(t * angle) * (flip ? Matrix2(1, 0, 0, 1 - 2 * t) : .identity)
    }

    /// SVD playback of `a` at `stage` (0...2) and eased `progress` (0...1).
    public static func svd(of a: Matrix2, stage: Int, progress t: Double) -> PlaybackFrame {
        let svd = a.svd
        let (vAngle, vFlip) = orthogonalParts(svd.Vt)
        let (uAngle, uFlip) = orthogonalParts(svd.U)
        let sigma = Matrix2(svd.sigma1, 0, 0, svd.sigma2)
        let rightVectors = [Vec2(svd.Vt.a, svd.Vt.b), Vec2(svd.Vt.c, svd.Vt.d)]
        let map: Matrix2
        let caption: String
        switch stage {
        case 0:
            map = partialOrthogonal(angle: vAngle, flip: vFlip, fraction: t)
            caption = "1/3 Vᵀ: rotate by \(degrees(vAngle))" + (vFlip ? " and reflect" : "") + ": v1, v2 onto the axes"
        case 1:
            map = Matrix2(1 + t * (svd.sigma1 - 1), 0, 0, 1 + t * (svd.sigma2 - 1)) * svd.Vt
            caption = "2/3 Σ: stretch x by σ1 = \(fixed(svd.sigma1)), y by σ2 = \(fixed(svd.sigma2))"
        default:
            map = partialOrthogonal(angle: uAngle, flip: uFlip, fraction: t) * sigma * svd.Vt
            caption = "3/3 U: rotate by \(degrees(uAngle))" + (uFlip ? " and reflect" : "") + ": the ellipse of A"
        }
        return PlaybackFrame(map: map, tracked: rightVectors, trackedNames: ["v1", "v2"],
                             stage: min(max(stage, 0), 2), caption: caption)
    }

    /// Eigen playback, or nil when A has no real eigenbasis (complex pair or defective).
    public static func eigen(of a: Matrix2, stage: Int, progress t: Double) -> PlaybackFrame? {
        guard let basis = a.eigenBasis else { return nil }
        let (p, d, pInverse) = basis
        let vectors = [Vec2(p.a, p.c), Vec2(p.b, p.d)]
        let map: Matrix2
        let caption: String
        switch stage {
        case 0:
            map = Matrix2.interpolate(from: .identity, to: pInverse, t: t)
            caption = "1/3 P⁻¹: eigenvectors v1, v2 onto the axes"
        case 1:
            map = Matrix2(1 + t * (d.0 - 1), 0, 0, 1 + t * (d.1 - 1)) * pInverse
            caption = "2/3 D: scale axis 1 by λ1 = \(fixed(d.0)), axis 2 by λ2 = \(fixed(d.1))"
        default:
            map = Matrix2.interpolate(from: .identity, to: p, t: t) * Matrix2(d.0, 0, 0, d.1) * pInverse
            caption = "3/3 P: axes back to the eigen-directions: A v = λ v"
        }
        return PlaybackFrame(map: map, tracked: vectors, trackedNames: ["v1", "v2"],
                             stage: min(max(stage, 0), 2), caption: caption)
    }

    static func fixed(_ value: Double) -> String {
        let text = String(format: "%.3f", value)
        return Double(text) == 0 ? "0.000" : text
    }

    static func degrees(_ radians: Double) -> String {
        let text = String(format: "%.1f", radians * 180 / .pi)
        return (Double(text) == 0 ? "0.0" : text) + "°"
    }
}
