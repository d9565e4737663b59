// Softmax cross-entropy (mean over the batch, PyTorch CrossEntropyLoss) and top-k accuracy.
// Legend: logits N×K×1×1, stored K × N (class-major), so sample n's logits are strided by N.
import Foundation

extension Tape {
    /// Mean over samples of −log softmax(logits)[label]: a 1×1×1×1 tensor.
    /// dlogits += dloss·(softmax − onehot)/N.
    public func softmaxCrossEntropy(_ logits: Tensor, labels: [Int32]) -> Tensor {
        let s = logits.shape, n = s.n, k = s.c
        precondition(s.spatial == 1 && labels.count == n, "softmaxCrossEntropy expected N×K×1×1 logits and N labels, got \(s) and \(labels.count)")
        let loss = tensor(Shape(n: 1, c: 1))
        let probabilities = scratch(n * k)      // K × N like the logits
        var total = 0.0
        for j in 0..<n {
            let label = Int(labels[j])
            precondition(label >= 0 && label < k, "softmaxCrossEntropy: label \(label) outside 0..<\(k)")
            var top = -Float.infinity
            for c in 0..<k { top = max(top, logits.data[c * n + j]) }
            var sum = 0.0
            for c in 0..<k {
                let e = exp(Double(logits.data[c * n + j] - top))
                probabilities[c * n + j] = Float(e)
                sum += e
            }
            for c in 0..<k { probabilities[c * n + j] = Float(Double(probabilities[c * n + j]) / sum) }
            total += log(sum) + Double(top) - Double(logits.data[label * n + j])
        }
        loss.data[0] = Float(total / Double(n))
        record(.loss) { [unowned self] in
            guard let g = loss.gradient, let dx = gradient(of: logits) else { return }
            let scale = g[0] / Float(n)
            for j in 0..<n {
                for c in 0..<k { dx[c * n + j] += scale * probabilities[c * n + j] }
                dx[Int(labels[j]) * n + j] -= scale
            }
        }
        return loss
    }
}

public enum Accuracy {
    /// How many samples have their label among the `k` largest logits (ties counted against the label:
    /// a class with an equal logit ranks ahead only if its index is smaller, as a stable sort would).
    public static func correct(_ logits: Tensor, labels: [Int32], k: Int) -> Int {
        let s = logits.shape, n = s.n, classes = s.c
        precondition(s.spatial == 1 && labels.count == n, "Accuracy.correct expected N×K×1×1 logits and N labels, got \(s) and \(labels.count)")
        var hits = 0
        for j in 0..<n {
            let label = Int(labels[j]), v = logits.data[label * n + j]
            var ahead = 0
            for c in 0..<classes {
                let u = logits.data[c * n + j]
                if u > v || (u == v && c < label) { ahead += 1 }
            }
            if ahead < k { hits += 1 }
        }
        return hits
    }
}
