// All trainable parameters of a model in one contiguous buffer, gradients mirrored in a second one,
// so the optimizer is one loop. Layers declare (name, shape, initialiser) when they are built; a view
// is an offset into the buffer. Running statistics (BN) live in a separate non-trainable buffer.

/// PyTorch's default initialisers (torch.nn.init; Conv2d/Linear.reset_parameters).
public enum Initializer: Sendable {
    /// U(−1/√fanIn, 1/√fanIn): kaiming_uniform_(a=√5) for weights (gain √(1/3), bound gain·√(3/fanIn))
    /// and the bias rule U(±1/√fanIn) alike.
    case pytorchDefault(fanIn: Int)
    case constant(Float)
}

/// A slice of the parameter (or buffer) storage: `count` floats at `offset`.
public struct ParameterView: Sendable {
    public let name: String
    public let shape: [Int]
    public let offset: Int
    public let count: Int
}

public final class ParameterStore {
    public private(set) var parameters: [ParameterView] = []
    public private(set) var buffers: [ParameterView] = []
    /// Trainable values and their gradients (same layout).
    public private(set) var values: UnsafeMutablePointer<Float>
    public private(set) var gradients: UnsafeMutablePointer<Float>
    /// Non-trainable state (BN running mean and variance).
    public private(set) var bufferValues: UnsafeMutablePointer<Float>
    public private(set) var count = 0
    public private(set) var bufferCount = 0
    private var capacity = 0, bufferCapacity = 0
    private var generator: RandomGenerator

    /// An empty store whose initialisers draw from a generator seeded with `seed`, in declaration order.
    public init(seed: UInt64) {
        generator = RandomGenerator(seed: seed)
        values = .allocate(capacity: 1); gradients = .allocate(capacity: 1); bufferValues = .allocate(capacity: 1)
    }

    deinit { values.deallocate(); gradients.deallocate(); bufferValues.deallocate() }

    /// Declares a trainable parameter and initialises it. Names must be unique.
    public func add(_ name: String, shape: [Int], initializer: Initializer) -> ParameterView {
        precondition(!parameters.contains { $0.name == name }, "ParameterStore: parameter \(name) declared twice")
        let n = shape.reduce(1, *)
        precondition(n >= 1, "ParameterStore: parameter \(name) has empty shape \(shape)")
        if count + n > capacity {
            let newCapacity = max(count + n, capacity * 2, 1024)
            values = Self.grow(values, count, newCapacity)
            gradients = Self.grow(gradients, count, newCapacity)
            capacity = newCapacity
        }
        let view = ParameterView(name: name, shape: shape, offset: count, count: n)
        fill(values + count, n, initializer)
        (gradients + count).initialize(repeating: 0, count: n)
        count += n
        parameters.append(view)
        return view
    }

    /// Declares a non-trainable buffer (running statistics) with a constant initial value.
    public func addBuffer(_ name: String, shape: [Int], value: Float) -> ParameterView {
        precondition(!buffers.contains { $0.name == name }, "ParameterStore: buffer \(name) declared twice")
        let n = shape.reduce(1, *)
        if bufferCount + n > bufferCapacity {
            let newCapacity = max(bufferCount + n, bufferCapacity * 2, 1024)
            bufferValues = Self.grow(bufferValues, bufferCount, newCapacity)
            bufferCapacity = newCapacity
        }
        let view = ParameterView(name: name, shape: shape, offset: bufferCount, count: n)
        (bufferValues + bufferCount).initialize(repeating: value, count: n)
        bufferCount += n
        buffers.append(view)
        return view
    }

    /// Pointer to a parameter's values / gradient / a buffer's values (valid until the next `add`).
    @inlinable public func value(_ v: ParameterView) -> UnsafeMutablePointer<Float> { values + v.offset }
    @inlinable public func gradient(_ v: ParameterView) -> UnsafeMutablePointer<Float> { gradients + v.offset }
    @inlinable public func buffer(_ v: ParameterView) -> UnsafeMutablePointer<Float> { bufferValues + v.offset }

    public func zeroGradients() { gradients.update(repeating: 0, count: count) }

    /// Parameter values as an array (checkpoints, determinism checks).
    public func snapshot() -> [Float] { Array(UnsafeBufferPointer(start: values, count: count)) }
    public func bufferSnapshot() -> [Float] { Array(UnsafeBufferPointer(start: bufferValues, count: bufferCount)) }

    /// Restores values saved by `snapshot()` / `bufferSnapshot()`.
    public func restore(values v: [Float], buffers b: [Float]) {
        precondition(v.count == count && b.count == bufferCount,
                     "ParameterStore.restore expected \(count) values and \(bufferCount) buffer values, got \(v.count) and \(b.count)")
        v.withUnsafeBufferPointer { values.update(from: $0.baseAddress!, count: count) }
        b.withUnsafeBufferPointer { if bufferCount > 0 { bufferValues.update(from: $0.baseAddress!, count: bufferCount) } }
    }

    private func fill(_ p: UnsafeMutablePointer<Float>, _ n: Int, _ initializer: Initializer) {
        switch initializer {
        case .constant(let c): p.initialize(repeating: c, count: n)
        case .pytorchDefault(let fanIn):
            let bound = 1 / Float(fanIn).squareRoot()
            for i in 0..<n { p[i] = generator.uniform(-bound, bound) }
        }
    }

    private static func grow(_ p: UnsafeMutablePointer<Float>, _ used: Int, _ capacity: Int) -> UnsafeMutablePointer<Float> {
        let q = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        q.update(from: p, count: used)
        p.deallocate()
        return q
    }
}
