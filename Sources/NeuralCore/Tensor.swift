// A float32 tensor of logical shape N×C×H×W stored channel-major (C, N, H, W): every channel's values
// for the whole batch are contiguous, so a convolution is one GEMM over all images and BN reads each
// channel as one run. Legend: N batch, C channels, H×W spatial.

/// Logical shape of a batch of feature maps. A vector per sample (Linear's output, logits) is N×C×1×1.
public struct Shape: Hashable, CustomStringConvertible, Sendable {
    public var n: Int, c: Int, h: Int, w: Int
    public init(n: Int, c: Int, h: Int = 1, w: Int = 1) {
        precondition(n >= 1 && c >= 1 && h >= 1 && w >= 1, "Shape expects positive sizes, got \(n)×\(c)×\(h)×\(w)")
        self.n = n; self.c = c; self.h = h; self.w = w
    }
    /// Number of elements N·C·H·W.
    public var count: Int { n * c * h * w }
    /// H·W.
    public var spatial: Int { h * w }
    /// Elements of one channel over the whole batch (N·H·W): the stride between channels.
    public var channelStride: Int { n * h * w }
    public var description: String { "\(n)×\(c)×\(h)×\(w)" }
}

/// A float32 tensor in channel-major storage: element (n, c, h, w) sits at `((c·N + n)·H + h)·W + w`.
///
/// Tensors made by layers live in their `Tape`'s buffer pool and stay valid until `tape.reset()`;
/// tensors made with `Tensor(shape:)` own their memory. `gradient` is set by the tape during backward.
public final class Tensor {
    public let shape: Shape
    /// The values, `shape.count` floats in (C, N, H, W) order.
    public let data: UnsafeMutablePointer<Float>
    /// ∂loss/∂self after `tape.backward`, same layout as `data`; nil if nothing flowed back to it.
    public internal(set) var gradient: UnsafeMutablePointer<Float>?
    /// Whether backward should compute a gradient for this tensor (false for input images).
    public let requiresGradient: Bool
    private let ownsData: Bool
    private let pool: BufferPool?   // keeps a pooled tensor's memory alive if it outlives its tape

    /// A zero-filled tensor that owns its memory (inputs, tests). With `requiresGradient`, backward
    /// leaves ∂loss/∂self in `gradient` (valid until the tape's `reset()`).
    public init(shape: Shape, requiresGradient: Bool = false) {
        self.shape = shape
        data = .allocate(capacity: shape.count)
        data.initialize(repeating: 0, count: shape.count)
        self.requiresGradient = requiresGradient
        ownsData = true
        pool = nil
    }

    /// A tensor from values in the usual N×C×H×W row-major order (tests, small inputs).
    public convenience init(nchw values: [Float], shape: Shape, requiresGradient: Bool = false) {
        precondition(values.count == shape.count, "Tensor expected \(shape.count) values for \(shape), got \(values.count)")
        self.init(shape: shape, requiresGradient: requiresGradient)
        for n in 0..<shape.n { copySample(n, fromCHW: values, offset: n * shape.c * shape.spatial) }
    }

    init(pooled data: UnsafeMutablePointer<Float>, pool: BufferPool, shape: Shape, requiresGradient: Bool) {
        self.shape = shape
        self.data = data
        self.requiresGradient = requiresGradient
        ownsData = false
        self.pool = pool
    }

    deinit { if ownsData { data.deallocate() } }

    /// Storage offset of element (n, c, h, w).
    @inlinable public func offset(n: Int, c: Int, h: Int = 0, w: Int = 0) -> Int {
        ((c * shape.n + n) * shape.h + h) * shape.w + w
    }

    /// Element (n, c, h, w).
    public subscript(n: Int, c: Int, h: Int, w: Int) -> Float {
        get { data[offset(n: n, c: c, h: h, w: w)] }
        set { data[offset(n: n, c: c, h: h, w: w)] = newValue }
    }

    /// Copies one sample given as C×H×W row-major floats (starting at `offset` in `values`) into slot n.
    public func copySample(_ n: Int, fromCHW values: UnsafePointer<Float>, offset: Int = 0) {
        precondition(n >= 0 && n < shape.n, "Tensor.copySample: sample \(n) outside batch of \(shape.n)")
        let hw = shape.spatial
        for c in 0..<shape.c {
            (data + self.offset(n: n, c: c)).update(from: values + offset + c * hw, count: hw)
        }
    }

    /// The values in N×C×H×W row-major order.
    public func nchw() -> [Float] { Self.toNCHW(data, shape) }

    /// The gradient in N×C×H×W row-major order (zeros if none flowed back).
    public func gradientNCHW() -> [Float] {
        guard let g = gradient else { return [Float](repeating: 0, count: shape.count) }
        return Self.toNCHW(g, shape)
    }

    static func toNCHW(_ p: UnsafePointer<Float>, _ s: Shape) -> [Float] {
        var out = [Float](repeating: 0, count: s.count)
        let hw = s.spatial
        for n in 0..<s.n { for c in 0..<s.c { for i in 0..<hw {
            out[(n * s.c + c) * hw + i] = p[(c * s.n + n) * hw + i]
        } } }
        return out
    }
}
