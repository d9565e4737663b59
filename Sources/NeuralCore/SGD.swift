// Stochastic gradient descent with momentum, weight decay and Nesterov, as torch.optim.SGD:
// g ← ∇ + λ·θ (every parameter); b ← g on the first step, else b ← μ·b + (1 − τ)·g;
// g ← g + μ·b if Nesterov else b; θ ← θ − η·g. One loop over the store's contiguous buffer.

public final class SGD {
    public let store: ParameterStore
    public let momentum: Float, weightDecay: Float, dampening: Float, nesterov: Bool
    private var velocity: [Float]
    private var started = false

    public init(_ store: ParameterStore, momentum: Float = 0, weightDecay: Float = 0, dampening: Float = 0, nesterov: Bool = false) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov needs momentum > 0 and no dampening")
        self.store = store; self.momentum = momentum; self.weightDecay = weightDecay
        self.dampening = dampening; self.nesterov = nesterov
        velocity = [Float](repeating: 0, count: momentum != 0 ? store.count : 0)
    }

    public func step(learningRate lr: Float) {
        let n = store.count, theta = store.values, grad = store.gradients
        let mu = momentum, wd = weightDecay, damp = dampening, nest = nesterov, first = !started
        if mu == 0 {
            for i in 0..<n { theta[i] -= lr * (grad[i] + wd * theta[i]) }
            return
        }
        precondition(velocity.count == n, "SGD: the store grew from \(velocity.count) to \(n) parameters after the optimizer was made")
        velocity.withUnsafeMutableBufferPointer { vb in
            let v = vb.baseAddress!
            Parallel.forRanges(n, grain: 1 << 16) { r in
                for i in r {
                    let g = grad[i] + wd * theta[i]
                    let b = first ? g : mu * v[i] + (1 - damp) * g
                    v[i] = b
                    theta[i] -= lr * (nest ? g + mu * b : b)
                }
            }
        }
        started = true
    }
}

// Checkpoints (Experiments' Checkpoint): the momentum buffers and whether a step was taken are all the
// optimizer state a resumed run needs to continue bit for bit.
extension SGD {
    /// The momentum buffers (empty without momentum).
    public var velocityState: [Float] { velocity }

    /// Restores what `velocityState` returned; `started` says whether a step was taken before.
    public func restoreState(velocity v: [Float], started s: Bool) {
        precondition(v.count == velocity.count, "SGD.restoreState expected \(velocity.count) momentum values, got \(v.count)")
        velocity = v
        started = s
    }
}
