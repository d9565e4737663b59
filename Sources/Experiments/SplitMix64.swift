// SplitMix64 (Steele, Lea & Flood 2014; the seeding generator of Vigna's xoshiro family): a tiny,
// fast generator whose whole state is one 64-bit word, so every image, epoch and batch can own a
// stream derived from (seed, purpose, index) and results never depend on thread count or order.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A stream for `(seed, stream, index)`: the three words are mixed through the finaliser, so
    /// neighbouring indices give unrelated streams.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        var s = SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        s = SplitMix64.mix(s ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s = SplitMix64.mix(s ^ (index &* 0x8CB9_2BA7_2F3D_8DD7))
        state = s
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a bijective 64-bit mixer).
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func unit() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    @inline(__always)
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * unit() }

    /// Uniform in 0..<n (Lemire's multiply-shift; the bias is below 2^-32 for the small n used here).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
}
