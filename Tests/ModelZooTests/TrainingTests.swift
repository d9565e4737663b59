// Every zoo model trains: 20 SGD steps on one small random batch (memorisation) bring the loss down.
// All 24 at width 1/8 with RECSTATS_LONG_TESTS=1; by default one model per family (the larger "s" or
// baseline chosen so both block forms run).
import Foundation
import NeuralCore
import Testing
@testable import ModelZoo

let longTests = ProcessInfo.processInfo.environment["RECSTATS_LONG_TESTS"] == "1"
let trainedModels: [ModelID] = longTests
    ? ModelID.allCases : [.resnet18s, .seresnet50, .resnext29_2x64d_s, .res2next29_6c24w]

@Suite(.serialized) struct TrainingTests {
    init() {
        Parallel.configure(threads: 2)
    }

    /// Batch 4 of 16×16 random images (small to keep the suite fast; every stage still runs), 10 random labels, SGD (lr 0.02, momentum 0.9), 20 steps: the
    /// loss of the last step is below the first and below 70% of ln 10 ≈ 2.30 (chance).
    @Test(arguments: trainedModels) func lossGoesDown(id: ModelID) throws {
        let net = try ZooNetwork(id, options: ZooOptions(width: 1.0 / 8, classes: 10, imageSize: 16), seed: 7)
        let (x, labels) = randomBatch(4, size: 16, classes: 10, seed: 8)
        let sgd = SGD(net.store, momentum: 0.9)
        let tape = Tape(mode: .training)
        var losses: [Float] = []
        for _ in 0..<20 {
            net.store.zeroGradients()
            let loss = tape.softmaxCrossEntropy(net.forward(x, tape), labels: labels)
            losses.append(loss.data[0])
            tape.backward(from: loss)
            sgd.step(learningRate: 0.02)
            tape.reset()
        }
        #expect(losses.allSatisfy { $0.isFinite }, "\(losses)")
        #expect(losses[19] < losses[0], "\(losses)")
        #expect(losses[19] < 0.7 * log(10), "\(losses)")
    }
}
