#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C maths library, named so call sites read as maths and Canvas needs no Foundation.
@inline(__always) func sine(_ x: Double) -> Double { sin(x) }
@inline(__always) func cosine(_ x: Double) -> Double { cos(x) }
@inline(__always) func log10Of(_ x: Double) -> Double { log10(x) }
@inline(__always) func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
