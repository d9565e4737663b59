// The in-memory form every dataset takes, CIFAR or synthetic: N images of C×H×W bytes, stored
// channel-planar per image (all R, then all G, then all B, as CIFAR's binary files store them).
import Foundation

public struct ImageDataset: Sendable {
    public let name: String
    public let classes: Int
    public let channels: Int
    public let height: Int
    public let width: Int
    /// count × channels × height × width bytes.
    public let pixels: [UInt8]
    /// One label in 0..<classes per image.
    public let labels: [Int32]

    public var count: Int { labels.count }
    public var imageSize: Int { channels * height * width }

    public init(name: String, classes: Int, channels: Int = 3, height: Int = 32, width: Int = 32, pixels: [UInt8], labels: [Int32]) {
        precondition(classes >= 2, "ImageDataset expected at least 2 classes, got \(classes)")
        precondition(
            pixels.count == labels.count * channels * height * width,
            "ImageDataset expected \(labels.count) × \(channels)×\(height)×\(width) = \(labels.count * channels * height * width) bytes, got \(pixels.count)")
        precondition(labels.allSatisfy { $0 >= 0 && Int($0) < classes }, "ImageDataset labels must lie in 0..<\(classes)")
        self.name = name
        self.classes = classes
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
        self.labels = labels
    }

    /// Per-channel mean and standard deviation of the pixels scaled to [0, 1] (population statistics),
    /// what the paper's pipeline normalises by.
    public func channelStatistics() -> (mean: [Double], std: [Double]) {
        let plane = height * width
        var sum = [Double](repeating: 0, count: channels)
        var sumSquares = [Double](repeating: 0, count: channels)
        pixels.withUnsafeBufferPointer { p in
            for image in 0..<count {
                for c in 0..<channels {
                    let base = (image * channels + c) * plane
                    var s: UInt64 = 0
                    var s2: UInt64 = 0
                    for i in 0..<plane {
                        let v = UInt64(p[base + i])
                        s += v
                        s2 += v * v
                    }
                    sum[c] += Double(s)
                    sumSquares[c] += Double(s2)
                }
            }
        }
        let n = Double(count * plane)
        let mean = sum.map { $0 / n / 255 }
        let std = zip(sumSquares, mean).map { (s2, m) in (max(0, s2 / n / (255 * 255) - m * m)).squareRoot() }
        return (mean, std)
    }
}

extension ImageDataset {
    /// The first `n` images (all of them when `n` ≥ count).
    public func prefix(_ n: Int) -> ImageDataset {
        precondition(n >= 0, "ImageDataset.prefix expected a non-negative count, got \(n)")
        let k = min(n, count)
        if k == count { return self }
        return ImageDataset(name: name, classes: classes, channels: channels, height: height, width: width,
                            pixels: Array(pixels[0..<(k * imageSize)]), labels: Array(labels[0..<k]))
    }

    /// The images box-filtered to `side`×`side`: each output pixel is the rounded mean of the f×f input
    /// pixels it covers, f = height / side (what a camera with f× coarser pixels would record).
    /// `side` must divide the height and width, which must be equal.
    public func downsampled(to side: Int) -> ImageDataset {
        precondition(height == width && side >= 1 && height % side == 0,
                     "ImageDataset.downsampled expected a side dividing \(height)×\(width), got \(side)")
        if side == height { return self }
        let f = height / side, area = f * f
        var out = [UInt8](repeating: 0, count: count * channels * side * side)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for plane in 0..<(count * channels) {
                    let s = src.baseAddress! + plane * height * width, d = dst.baseAddress! + plane * side * side
                    for y in 0..<side {
                        for x in 0..<side {
                            var sum = 0
                            for dy in 0..<f { for dx in 0..<f { sum += Int(s[(y * f + dy) * width + x * f + dx]) } }
                            d[y * side + x] = UInt8((sum + area / 2) / area)
                        }
                    }
                }
            }
        }
        return ImageDataset(name: name, classes: classes, channels: channels, height: side, width: side, pixels: out, labels: labels)
    }

    /// The indices of the first `perClass` images of each class, class by class (fewer where a class has fewer).
    public func firstIndices(perClass: Int) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: classes)
        for (i, label) in labels.enumerated() where rows[Int(label)].count < perClass {
            rows[Int(label)].append(i)
        }
        return rows
    }
}
