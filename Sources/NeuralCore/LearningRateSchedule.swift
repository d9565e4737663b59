// Learning-rate schedules stepped once per epoch (epoch counts from 0), as torch.optim.lr_scheduler:
// CosineAnnealingLR: η_e = η_min + (η_0 − η_min)·(1 + cos(π·e/T))/2;
// MultiStepLR: η_e = η_0·γ^(number of milestones ≤ e). Optional linear warm-up over the first W
// epochs: η_e·(e + 1)/W for e < W (then the schedule as written).
import Foundation

public struct LearningRateSchedule: Sendable {
    public enum Kind: Sendable {
        case constant
        case cosine(totalEpochs: Int, minimum: Double)
        case multiStep(milestones: [Int], gamma: Double)
    }
    public let base: Double
    public let kind: Kind
    public let warmupEpochs: Int

    public init(base: Double, kind: Kind, warmupEpochs: Int = 0) {
        self.base = base; self.kind = kind; self.warmupEpochs = warmupEpochs
    }

    /// The paper's CIFAR setting: cosine annealing from 0.1 over the run, no warm-up.
    public static func cosine(base: Double, epochs: Int, warmupEpochs: Int = 0) -> Self {
        Self(base: base, kind: .cosine(totalEpochs: epochs, minimum: 0), warmupEpochs: warmupEpochs)
    }

    /// The paper's ImageNet setting: ×0.1 every 30 epochs.
    public static func stepEvery(_ period: Int, gamma: Double = 0.1, base: Double, epochs: Int) -> Self {
        Self(base: base, kind: .multiStep(milestones: Array(stride(from: period, to: epochs, by: period)), gamma: gamma))
    }

    public func learningRate(epoch e: Int) -> Double {
        let lr: Double
        switch kind {
        case .constant: lr = base
        case .cosine(let t, let minimum): lr = minimum + (base - minimum) * (1 + cos(Double.pi * Double(e) / Double(t))) / 2
        case .multiStep(let milestones, let gamma): lr = base * pow(gamma, Double(milestones.filter { $0 <= e }.count))
        }
        return e < warmupEpochs ? lr * Double(e + 1) / Double(warmupEpochs) : lr
    }
}
