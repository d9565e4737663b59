// One step of training: zero the gradients, forward, softmax cross-entropy, backward, SGD update. The
// trainer, its calibration, the training benchmark and the learnability probe all call this function,
// so what is timed, probed and trained is the same step.
// Legend: logits N×classes; labels N.

public enum TrainingStep {
    public struct Outcome {
        /// The batch's mean loss; not finite means the step stopped before backward and left the weights alone.
        public let loss: Float
        /// The logits, valid until `tape` is reset (the caller resets it).
        public let logits: Tensor
        public var isFinite: Bool { loss.isFinite }
    }

    /// Runs one step on `tape` (training mode). A non-finite loss skips backward and the update, so a
    /// diverging run keeps its last finite weights.
    @discardableResult
    public static func run(
        _ forward: (Tape) -> Tensor, labels: [Int32], tape: Tape, optimizer: SGD, learningRate: Float
    ) -> Outcome {
        precondition(tape.isTraining, "TrainingStep.run expected a training tape")
        optimizer.store.zeroGradients()
        let logits = forward(tape)
        let loss = tape.softmaxCrossEntropy(logits, labels: labels)
        let value = loss.data[0]
        guard value.isFinite else { return Outcome(loss: value, logits: logits) }
        tape.backward(from: loss)
        Profile.time(.optimizer) { optimizer.step(learningRate: learningRate) }
        return Outcome(loss: value, logits: logits)
    }
}
