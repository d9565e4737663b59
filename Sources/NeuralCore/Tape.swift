// The tape: records one forward pass (a backward closure per operation) and replays it in reverse.
// It also owns the buffer pool, so a training step after the first allocates nothing.

/// Training or evaluation, chosen per tape (never global): BN uses batch statistics and the tape
/// records backward closures only in `.training`.
public enum Mode: Sendable { case training, evaluation }

/// Reuses float buffers by size across steps. Buffers handed out since the last `recycle()` are in use.
final class BufferPool {
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var inUse: [(Int, UnsafeMutablePointer<Float>)] = []
    private(set) var bytesHeld = 0

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p: UnsafeMutablePointer<Float>
        if var list = free[count], let last = list.popLast() {
            free[count] = list
            p = last
        } else {
            p = .allocate(capacity: count)
            bytesHeld += count * 4
        }
        inUse.append((count, p))
        return p
    }

    func recycle() {
        for (count, p) in inUse { free[count, default: []].append(p) }
        inUse.removeAll(keepingCapacity: true)
    }

    deinit {
        recycle()
        for list in free.values { for p in list { p.deallocate() } }
    }
}

/// One forward pass and its backward. Make one per model (or per mode) and reuse it across steps:
/// `reset()` after each step returns every buffer to the pool.
public final class Tape {
    public var mode: Mode
    /// Multiply–accumulates of the conv and linear layers run forward on this tape since `reset()`.
    public private(set) var forwardMACs = 0
    private var records: [() -> Void] = []
    let pool = BufferPool()
    private var gradientHolders: [Tensor] = []   // tensors whose gradient points into the pool

    public init(mode: Mode) { self.mode = mode }

    /// Whether forward passes should record backward closures.
    public var isTraining: Bool { mode == .training }

    /// Bytes currently held by the pool (activations, gradients, scratch).
    public var pooledBytes: Int { pool.bytesHeld }

    /// A new tensor from the pool (contents undefined). Outputs of operations require gradients in training.
    public func tensor(_ shape: Shape) -> Tensor {
        Tensor(pooled: pool.take(shape.count), pool: pool, shape: shape, requiresGradient: isTraining)
    }

    /// A zero-filled tensor from the pool.
    public func zeros(_ shape: Shape) -> Tensor {
        let t = tensor(shape)
        t.data.initialize(repeating: 0, count: shape.count)
        return t
    }

    /// Most floats of im2col columns a training pass keeps from forward for backward (Conv2D), so
    /// backward need not rebuild them: 64 Mi floats (256 MiB). Small networks keep all of theirs; at
    /// full width only the first layers fit, and the rest recompute. 0 keeps none.
    public var columnBudget = 1 << 26
    private var columnsKept = 0

    /// `count` floats for columns kept until backward, or nil in evaluation or beyond `columnBudget`.
    func keptColumns(_ count: Int) -> UnsafeMutablePointer<Float>? {
        guard isTraining, columnsKept + count <= columnBudget else { return nil }
        columnsKept += count
        return pool.take(count)
    }

    /// Scratch floats from the pool, valid until `reset()`.
    func scratch(_ count: Int) -> UnsafeMutablePointer<Float> { pool.take(count) }

    /// Records a backward closure (only in training mode).
    public func record(_ backward: @escaping () -> Void) {
        if isTraining { records.append(backward) }
    }

    /// Records a backward closure whose time `Profile` books under `category`.
    func record(_ category: Profile.Category, _ backward: @escaping () -> Void) {
        if isTraining { records.append { Profile.time(category, backward) } }
    }

    /// Adds to the MAC count (conv and linear layers call this in forward).
    public func countMACs(_ macs: Int) { forwardMACs += macs }

    /// The gradient buffer of `t`, allocated and zeroed on first use; nil if `t` needs no gradient.
    public func gradient(of t: Tensor) -> UnsafeMutablePointer<Float>? {
        guard let (g, fresh) = gradientForWriting(of: t) else { return nil }
        if fresh { Profile.time(.gradientZeroing) { g.initialize(repeating: 0, count: t.shape.count) } }
        return g
    }

    /// The gradient buffer of `t` for an operation that writes every element of it: on the first
    /// contribution (`fresh`) the buffer is new and unzeroed, so the caller assigns (=) instead of
    /// accumulating (+=), which saves a zeroing pass and a read. nil if `t` needs no gradient.
    func gradientForWriting(of t: Tensor) -> (pointer: UnsafeMutablePointer<Float>, fresh: Bool)? {
        guard t.requiresGradient else { return nil }
        if let g = t.gradient { return (g, false) }
        let g = pool.take(t.shape.count)
        hold(g, as: t)
        return (g, true)
    }

    /// Makes `buffer`, a gradient no one reads any more (the gradient of an operation's output, once its
    /// backward has started), the gradient of `t` if `t` has none yet: a pass-through costs no copy.
    /// Returns whether it did; if not, the caller accumulates as usual.
    func adoptGradient(_ buffer: UnsafeMutablePointer<Float>, for t: Tensor) -> Bool {
        guard t.requiresGradient, t.gradient == nil else { return false }
        hold(buffer, as: t)
        return true
    }

    /// Makes `g` the gradient of `t` until `reset()`.
    private func hold(_ g: UnsafeMutablePointer<Float>, as t: Tensor) {
        t.gradient = g
        gradientHolders.append(t)
    }

    /// Runs backward from `output`, seeding ∂loss/∂output with `seed` (1 for a scalar loss when nil).
    /// Parameter gradients accumulate into the parameter store; call `store.zeroGradients()` first.
    public func backward(from output: Tensor, seed: [Float]? = nil) {
        precondition(isTraining, "Tape.backward needs a tape in .training mode")
        guard let g = gradient(of: output) else { return }
        if let seed {
            precondition(seed.count == output.shape.count, "Tape.backward expected a seed of \(output.shape.count) values, got \(seed.count)")
            // seed is in N×C×H×W order; convert to channel-major storage.
            let s = output.shape, hw = s.spatial
            for n in 0..<s.n { for c in 0..<s.c { for i in 0..<hw {
                g[(c * s.n + n) * hw + i] = seed[(n * s.c + c) * hw + i]
            } } }
        } else {
            precondition(output.shape.count == 1, "Tape.backward without a seed needs a scalar output, got \(output.shape)")
            g[0] = 1
        }
        for record in records.reversed() { record() }
        records.removeAll(keepingCapacity: true)
    }

    /// Forgets the recorded pass and returns all buffers to the pool: tensors made on this tape become invalid.
    public func reset() {
        records.removeAll(keepingCapacity: true)
        for t in gradientHolders { t.gradient = nil }
        gradientHolders.removeAll(keepingCapacity: true)
        pool.recycle()
        forwardMACs = 0
        columnsKept = 0
    }
}
