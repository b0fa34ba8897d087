import SimulationCore
import Testing

@Suite struct Vec2Tests {
    @Test func arithmetic() {
        let u = Vec2(1, 2), v = Vec2(3, -5)
        #expect(u + v == Vec2(4, -3))
        #expect(u - v == Vec2(-2, 7))
        #expect(2 * u == Vec2(2, 4))
        #expect(u * 3 == Vec2(3, 6))
        #expect(v / 2 == Vec2(1.5, -2.5))
        #expect(-u == Vec2(-1, -2))
        var w = u
        w += v
        w -= Vec2(1, 1)
        #expect(w == Vec2(3, -4))
    }

    @Test func dotNormAngle() {
        #expect(Vec2(1, 2).dot(Vec2(3, -5)) == -7)
        #expect(Vec2(3, -4).norm == 5)
        #expect(Vec2(1, 0).angle == 0)
        #expect(abs(Vec2(0, 2).angle - Double.pi / 2) < 1e-15)
        #expect(abs(Vec2(-1, 0).angle - Double.pi) < 1e-15)
        #expect(abs(Vec2(1, -1).angle + Double.pi / 4) < 1e-15)
        let unit = Vec2.unit(angle: Double.pi / 3)
        #expect(abs(unit.norm - 1) < 1e-15)
        #expect(abs(unit.angle - Double.pi / 3) < 1e-15)
    }
}
