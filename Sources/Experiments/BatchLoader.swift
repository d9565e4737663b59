// Mini-batches for training and evaluation, in the paper's CIFAR pipeline (He et al. 2016, §4.2;
// torchvision's RandomCrop(32, padding: 4) then RandomHorizontalFlip, then Normalize):
//   out[n][c][y][x] = (padded[c][y + oy][x' + ox] / 255 − mean[c]) / std[c],  x' = flip ? W−1−x : x,
// where `padded` is the image with `padding` zero pixels on every side and the offsets ox, oy are
// uniform in 0…2·padding. Each image's (ox, oy, flip) comes from its own stream (seed, epoch, index);
// the order of an epoch from (seed, epoch): batches are identical whatever the batch size, thread count
// or the order in which they are requested.
// Buffers are plain values for NeuralCore: images N×C×H×W Float (NCHW), labels N Int32.
import Foundation

/// Per-channel normalisation constants, on pixels scaled to [0, 1].
public struct Normalization: Sendable, Equatable {
    public let mean: [Float]
    public let std: [Float]

    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == std.count, "Normalization expected as many means as deviations, got \(mean.count) and \(std.count)")
        precondition(std.allSatisfy { $0 > 0 }, "Normalization expected positive standard deviations, got \(std)")
        self.mean = mean
        self.std = std
    }

    /// The training set's own statistics (ImageDataset.channelStatistics); a constant channel gets std 1.
    public init(statisticsOf dataset: ImageDataset) {
        let (mean, std) = dataset.channelStatistics()
        self.init(mean: mean.map { Float($0) }, std: std.map { $0 > 1e-6 ? Float($0) : 1 })
    }

    /// lookup[c * 256 + v] = (v / 255 − mean[c]) / std[c].
    func lookupTable() -> [Float] {
        (0..<mean.count).flatMap { c in (0..<256).map { v in (Float(v) / 255 - mean[c]) / std[c] } }
    }
}

/// Which random transformations a loader applies (training); nil in a loader means none (evaluation).
public struct Augmentation: Sendable, Equatable {
    /// Zero pixels added on every side before the random crop back to the image size.
    public var padding: Int
    public var horizontalFlip: Bool

    public init(padding: Int = 4, horizontalFlip: Bool = true) {
        precondition(padding >= 0, "Augmentation expected a non-negative padding, got \(padding)")
        self.padding = padding
        self.horizontalFlip = horizontalFlip
    }

    /// The paper's CIFAR augmentation: pad 4, random 32×32 crop, random horizontal flip.
    public static let standard = Augmentation()
}

/// One mini-batch: `count` images as NCHW floats, their labels and their indices in the dataset.
public struct Batch: Sendable {
    public var images: [Float]
    public var labels: [Int32]
    public var indices: [Int]
    public var count: Int { labels.count }
}

public struct BatchLoader: Sendable {
    public let dataset: ImageDataset
    public let batchSize: Int
    public let normalization: Normalization
    public let augmentation: Augmentation?
    public let shuffle: Bool
    public let dropLast: Bool
    public let seed: UInt64
    private let lookup: [Float]

    /// A training loader: shuffled, augmented (by default the paper's pipeline).
    public static func training(_ dataset: ImageDataset, batchSize: Int, normalization: Normalization, seed: UInt64,
                                augmentation: Augmentation = .standard, dropLast: Bool = false) -> BatchLoader {
        BatchLoader(dataset: dataset, batchSize: batchSize, normalization: normalization, augmentation: augmentation,
                    shuffle: true, dropLast: dropLast, seed: seed)
    }

    /// An evaluation loader: dataset order, no augmentation, every image.
    public static func evaluation(_ dataset: ImageDataset, batchSize: Int, normalization: Normalization) -> BatchLoader {
        BatchLoader(dataset: dataset, batchSize: batchSize, normalization: normalization, augmentation: nil,
                    shuffle: false, dropLast: false, seed: 0)
    }

    public init(dataset: ImageDataset, batchSize: Int, normalization: Normalization, augmentation: Augmentation?,
                shuffle: Bool, dropLast: Bool, seed: UInt64) {
        precondition(batchSize >= 1, "BatchLoader expected a positive batch size, got \(batchSize)")
        precondition(normalization.mean.count == dataset.channels,
                     "BatchLoader expected \(dataset.channels) normalisation channels, got \(normalization.mean.count)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.normalization = normalization
        self.augmentation = augmentation
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.seed = seed
        self.lookup = normalization.lookupTable()
    }

    public var batchCount: Int { dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize }

    /// The order in which epoch `epoch` visits the images: a Fisher–Yates shuffle from (seed, epoch), or
    /// 0..<count without shuffling.
    public func order(epoch: Int) -> [Int] {
        var order = Array(0..<dataset.count)
        guard shuffle else { return order }
        var rng = SplitMix64(seed: seed, stream: UInt64(epoch) << 1, index: 0)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        return order
    }

    /// Image `index`'s crop offsets (0…2·padding; padding means no shift) and flip in epoch `epoch`.
    public func transform(index: Int, epoch: Int) -> (offsetX: Int, offsetY: Int, flip: Bool) {
        guard let augmentation else { return (0, 0, false) }
        var rng = SplitMix64(seed: seed, stream: UInt64(epoch) << 1 | 1, index: UInt64(index))
        let span = 2 * augmentation.padding + 1
        let ox = rng.below(span), oy = rng.below(span)
        let flip = augmentation.horizontalFlip && rng.next() & 1 == 1
        return (ox, oy, flip)
    }

    /// All batches of epoch `epoch`, in order, made lazily one by one.
    public func batches(epoch: Int) -> LazyMapSequence<Range<Int>, Batch> {
        let order = self.order(epoch: epoch)
        return (0..<batchCount).lazy.map { self.batch($0, epoch: epoch, order: order) }
    }

    /// Batch `number` of epoch `epoch` (pass `order(epoch:)` when making many batches of one epoch).
    public func batch(_ number: Int, epoch: Int, order: [Int]? = nil) -> Batch {
        precondition(number >= 0 && number < batchCount, "BatchLoader has \(batchCount) batches, batch \(number) was asked for")
        let order = order ?? self.order(epoch: epoch)
        let indices = Array(order[(number * batchSize)..<min(order.count, (number + 1) * batchSize)])
        var batch = Batch(images: [], labels: [], indices: indices)
        fill(&batch, epoch: epoch)
        return batch
    }

    /// Fills `batch.images` and `batch.labels` for `batch.indices`, reusing the buffers' storage.
    public func fill(_ batch: inout Batch, epoch: Int) {
        let (c, h, w) = (dataset.channels, dataset.height, dataset.width)
        let imageSize = c * h * w
        batch.labels = batch.indices.map { dataset.labels[$0] }
        if batch.images.count != batch.indices.count * imageSize {
            batch.images = [Float](repeating: 0, count: batch.indices.count * imageSize)
        }
        let pad = augmentation?.padding ?? 0
        batch.images.withUnsafeMutableBufferPointer { out in
            dataset.pixels.withUnsafeBufferPointer { pixels in
                lookup.withUnsafeBufferPointer { lut in
                    for (n, index) in batch.indices.enumerated() {
                        let (ox, oy, flip) = transform(index: index, epoch: epoch)
                        // Column map of this image: source column of each output column, −1 for padding.
                        for ch in 0..<c {
                            let table = lut.baseAddress! + ch * 256
                            let fillValue = table[0]                         // a padded pixel is raw 0
                            let source = pixels.baseAddress! + (index * c + ch) * h * w
                            let target = out.baseAddress! + (n * c + ch) * h * w
                            for y in 0..<h {
                                let sy = y + oy - pad
                                let row = target + y * w
                                guard sy >= 0 && sy < h else {
                                    row.update(repeating: fillValue, count: w)
                                    continue
                                }
                                let src = source + sy * w
                                for x in 0..<w {
                                    let sx = (flip ? w - 1 - x : x) + ox - pad
                                    row[x] = sx >= 0 && sx < w ? table[Int(src[sx])] : fillValue
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
