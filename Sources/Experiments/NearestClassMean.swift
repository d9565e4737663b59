// The pixel-space nearest-class-mean classifier: each class is the mean of its training images (raw
// bytes as floats); an image gets the class whose mean is nearest in Euclidean distance. A linear
// classifier on raw pixels, the baseline a CNN must clearly beat on the synthetic datasets.
import Foundation
import NeuralCore

public struct NearestClassMean: Sendable {
    public let classes: Int
    public let imageSize: Int
    /// classes × imageSize means.
    public let means: [Float]

    public init(training: ImageDataset) {
        let size = training.imageSize
        var sums = [Double](repeating: 0, count: training.classes * size)
        var counts = [Int](repeating: 0, count: training.classes)
        training.pixels.withUnsafeBufferPointer { p in
            for i in 0..<training.count {
                let k = Int(training.labels[i])
                counts[k] += 1
                for j in 0..<size { sums[k * size + j] += Double(p[i * size + j]) }
            }
        }
        precondition(counts.allSatisfy { $0 > 0 }, "NearestClassMean expected every class in the training set, counts \(counts)")
        means = (0..<(training.classes * size)).map { Float(sums[$0] / Double(counts[$0 / size])) }
        classes = training.classes
        imageSize = size
    }

    /// The predicted class of each image of `dataset`: argmin over k of ‖x − m_k‖² = ‖x‖² − 2·x·m_k + ‖m_k‖²,
    /// so per image argmax of x·m_k − ‖m_k‖²/2; the products x·m_k for 512 images at a time are one
    /// SGEMM (images 512×D times meansᵀ D×K).
    public func predict(_ dataset: ImageDataset) -> [Int] {
        precondition(dataset.imageSize == imageSize, "NearestClassMean expected images of \(imageSize) values, got \(dataset.imageSize)")
        let halfNorms = (0..<classes).map { k in means[(k * imageSize)..<((k + 1) * imageSize)].reduce(0) { $0 + $1 * $1 } / 2 }
        var predictions = [Int](repeating: 0, count: dataset.count)
        let chunk = 512
        var x = [Float](repeating: 0, count: chunk * imageSize)
        var products = [Float](repeating: 0, count: chunk * classes)
        for start in stride(from: 0, to: dataset.count, by: chunk) {
            let rows = min(chunk, dataset.count - start)
            for j in 0..<(rows * imageSize) { x[j] = Float(dataset.pixels[start * imageSize + j]) }
            x.withUnsafeBufferPointer { a in
                means.withUnsafeBufferPointer { b in
                    products.withUnsafeMutableBufferPointer { c in
                        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: classes, k: imageSize, alpha: 1,
                                   a: a.baseAddress!, lda: imageSize, b: b.baseAddress!, ldb: imageSize, beta: 0,
                                   c: c.baseAddress!, ldc: classes)
                    }
                }
            }
            for r in 0..<rows {
                var best = 0
                var bestScore = -Float.infinity
                for k in 0..<classes where products[r * classes + k] - halfNorms[k] > bestScore {
                    (best, bestScore) = (k, products[r * classes + k] - halfNorms[k])
                }
                predictions[start + r] = best
            }
        }
        return predictions
    }

    /// Top-1 accuracy on `dataset`, in percent.
    public func accuracy(on dataset: ImageDataset) -> Double {
        guard dataset.count > 0 else { return 0 }
        let correct = zip(predict(dataset), dataset.labels).filter { $0.0 == Int($0.1) }.count
        return 100 * Double(correct) / Double(dataset.count)
    }
}
