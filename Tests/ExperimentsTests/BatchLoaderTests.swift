import Foundation
import Testing
@testable import Experiments

@Suite struct BatchLoaderTests {
    /// One 3×3 image per channel plane: channel c holds 10c + 1 … 10c + 9, row by row.
    static let tiny = ImageDataset(
        name: "tiny", classes: 2, channels: 2, height: 3, width: 3,
        pixels: (1...9).map { UInt8($0) } + (11...19).map { UInt8($0) }, labels: [1])
    /// mean 0, std 1/255: the normalised value equals the raw byte, so expectations are plain bytes.
    static let identity = Normalization(mean: [0, 0], std: [1.0 / 255, 1.0 / 255])

    /// The expected output built the long way: pad the plane with `pad` zeros, crop at (ox, oy), then flip.
    static func expected(channel c: Int, ox: Int, oy: Int, flip: Bool, pad: Int) -> [Float] {
        let n = 3 + 2 * pad
        var padded = [[Float]](repeating: [Float](repeating: 0, count: n), count: n)
        for y in 0..<3 { for x in 0..<3 { padded[y + pad][x + pad] = Float(10 * c + 3 * y + x + 1) } }
        var crop = (0..<3).map { y in (0..<3).map { x in padded[y + oy][x + ox] } }
        if flip { crop = crop.map { Array($0.reversed()) } }
        return crop.flatMap { $0 }
    }

    @Test func cropOffsetsAndFlipMatchAHandBuiltPadCropFlip() {
        let loader = BatchLoader.training(Self.tiny, batchSize: 1, normalization: Self.identity, seed: 9, augmentation: Augmentation(padding: 1))
        var seen = Set<[Int]>()
        for epoch in 0..<200 {
            let (ox, oy, flip) = loader.transform(index: 0, epoch: epoch)
            #expect((0...2).contains(ox) && (0...2).contains(oy))
            seen.insert([ox, oy, flip ? 1 : 0])
            let batch = loader.batch(0, epoch: epoch)
            #expect(batch.labels == [1] && batch.indices == [0])
            let want = Self.expected(channel: 0, ox: ox, oy: oy, flip: flip, pad: 1) + Self.expected(channel: 1, ox: ox, oy: oy, flip: flip, pad: 1)
            #expect(zip(batch.images, want).allSatisfy { abs($0 - $1) < 1e-4 } && batch.images.count == want.count, "epoch \(epoch): offsets (\(ox), \(oy)), flip \(flip)")
        }
        // 3 × 3 offsets × 2 flips, all reached in 200 epochs.
        #expect(seen.count == 18)
    }

    @Test func aHandComputedCase() {
        // Offsets (0, 2) with flip and padding 1: rows 2–4 of the padded image are image rows 1, 2 and a
        // zero row; columns 0–2 are a zero column and image columns 0, 1; the flip reverses each row.
        #expect(Self.expected(channel: 0, ox: 0, oy: 2, flip: true, pad: 1) == [5, 4, 0, 8, 7, 0, 0, 0, 0])
        // Padding 0: the image itself.
        let loader = BatchLoader.training(Self.tiny, batchSize: 1, normalization: Self.identity, seed: 1,
                                          augmentation: Augmentation(padding: 0, horizontalFlip: false))
        let image = loader.batch(0, epoch: 3).images
        #expect(zip(image, (1...9).map(Float.init) + (11...19).map(Float.init)).allSatisfy { abs($0 - $1) < 1e-4 } && image.count == 18)
    }

    @Test func evaluationNormalisesWithoutAugmenting() {
        let norm = Normalization(mean: [0.02, 0.05], std: [0.5, 0.25])
        let batch = BatchLoader.evaluation(Self.tiny, batchSize: 4, normalization: norm).batch(0, epoch: 5)
        // (v / 255 − mean) / std, for v = 1 in channel 0 and v = 19 in channel 1.
        #expect(abs(batch.images[0] - (1.0 / 255 - 0.02) / 0.5) < 1e-6)
        #expect(abs(batch.images[17] - (19.0 / 255 - 0.05) / 0.25) < 1e-6)
    }

    @Test func normalisingByTheTrainingStatisticsGivesZeroMeanUnitVariance() {
        let data = SyntheticImages.generate(.synthetic10, count: 64, seed: 2, split: 0)
        let norm = Normalization(statisticsOf: data)
        let batch = BatchLoader.evaluation(data, batchSize: 64, normalization: norm).batch(0, epoch: 0)
        for c in 0..<3 {
            var values: [Double] = []
            for n in 0..<64 { values += batch.images[((n * 3 + c) * 1024)..<((n * 3 + c + 1) * 1024)].map(Double.init) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3, "channel \(c): mean \(mean), variance \(variance)")
        }
    }

    @Test func eachEpochIsAPermutationAndEpochsDiffer() {
        let data = SyntheticImages.generate(.synthetic10, count: 103, seed: 2, split: 0)
        let loader = BatchLoader.training(data, batchSize: 10, normalization: Normalization(statisticsOf: data), seed: 5)
        #expect(loader.batchCount == 11)
        let epoch0 = Array(loader.batches(epoch: 0)).flatMap(\.indices)
        let epoch1 = Array(loader.batches(epoch: 1)).flatMap(\.indices)
        #expect(epoch0.sorted() == Array(0..<103) && epoch1.sorted() == Array(0..<103))
        #expect(epoch0 != epoch1 && epoch0 != Array(0..<103))
        #expect(Array(loader.batches(epoch: 0)).map(\.count) == [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3])
        let again = BatchLoader.training(data, batchSize: 10, normalization: Normalization(statisticsOf: data), seed: 5)
        #expect(Array(again.batches(epoch: 1)).flatMap(\.indices) == epoch1)
        let dropping = BatchLoader.training(data, batchSize: 10, normalization: Normalization(statisticsOf: data), seed: 5, dropLast: true)
        #expect(dropping.batchCount == 10 && Array(dropping.batches(epoch: 0)).flatMap(\.indices) == Array(epoch0.prefix(100)))
    }

    @Test func batchesDoNotDependOnTheBatchSize() {
        let data = SyntheticImages.generate(.synthetic10, count: 40, seed: 2, split: 0)
        let norm = Normalization(statisticsOf: data)
        let small = BatchLoader.training(data, batchSize: 7, normalization: norm, seed: 11)
        let large = BatchLoader.training(data, batchSize: 40, normalization: norm, seed: 11)
        #expect(Array(small.batches(epoch: 2)).flatMap(\.images) == large.batch(0, epoch: 2).images)
        #expect(Array(small.batches(epoch: 2)).flatMap(\.labels) == large.batch(0, epoch: 2).labels)
        let labels = large.batch(0, epoch: 2)
        #expect(zip(labels.indices, labels.labels).allSatisfy { data.labels[$0.0] == $0.1 })
    }
}

@Suite struct NearestClassMeanTests {
    @Test func classifiesByTheNearestMean() {
        // Class 0 images average 10, class 1 images average 200 (1 channel, 1×2 pixels).
        let train = ImageDataset(name: "t", classes: 2, channels: 1, height: 1, width: 2,
                                 pixels: [0, 20, 20, 0, 190, 210, 210, 190], labels: [0, 0, 1, 1])
        let model = NearestClassMean(training: train)
        #expect(model.means == [10, 10, 200, 200])
        // Squared distances to (10, 10) and (200, 200): (100, 100) 16,200 vs 20,000 → 0; (120, 110)
        // 22,100 vs 14,500 → 1; (0, 150) 19,700 vs 42,500 → 0, labelled 1, so 2 of 3 are right.
        let test = ImageDataset(name: "s", classes: 2, channels: 1, height: 1, width: 2, pixels: [100, 100, 120, 110, 0, 150], labels: [0, 1, 1])
        #expect(model.predict(test) == [0, 1, 0])
        #expect(abs(model.accuracy(on: test) - 200.0 / 3) < 1e-9)
    }
}
