// Squeeze-and-excitation (Hu et al. 2018): s = sigmoid(W2·ReLU(W1·GAP(x) + b1) + b2), y = x·s per
// channel. Legend: x N×C×H×W, GAP(x) N×C×1×1, hidden N×(C/r)×1×1, s N×C×1×1.

public final class SqueezeExcitation: Layer {
    public let channels: Int, reduction: Int
    public let squeeze: Linear, excite: Linear

    public init(_ store: ParameterStore, name: String, channels: Int, reduction: Int = 16) {
        precondition(channels / reduction >= 1, "SqueezeExcitation \(name): \(channels) channels with reduction \(reduction) leaves no hidden units")
        self.channels = channels; self.reduction = reduction
        squeeze = Linear(store, name: "\(name).fc1", inputFeatures: channels, outputFeatures: channels / reduction)
        excite = Linear(store, name: "\(name).fc2", inputFeatures: channels / reduction, outputFeatures: channels)
    }

    /// MACs per sample of the two linear layers.
    public var macsPerSample: Int { squeeze.macsPerSample + excite.macsPerSample }

    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let s = tape.sigmoid(excite(tape.relu(squeeze(tape.globalAveragePool(x), tape)), tape))
        return tape.scaleChannels(x, by: s)
    }
}
