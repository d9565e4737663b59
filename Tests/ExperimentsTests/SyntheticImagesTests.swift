import Foundation
import RunRecords
import Testing
@testable import Experiments

@Suite struct SyntheticImagesTests {
    @Test(arguments: SyntheticKind.allCases, SyntheticDifficulty.allCases)
    func sameSeedSameBytesDifferentSeedDifferentBytes(kind: SyntheticKind, difficulty: SyntheticDifficulty) {
        let a = SyntheticImages.generate(kind, difficulty: difficulty, count: 300, seed: 42, split: 0)
        let b = SyntheticImages.generate(kind, difficulty: difficulty, count: 300, seed: 42, split: 0)
        let c = SyntheticImages.generate(kind, difficulty: difficulty, count: 300, seed: 43, split: 0)
        #expect(a.pixels == b.pixels && a.labels == b.labels)
        #expect(a.pixels != c.pixels)
        // Image by image: a different seed changes every image, not only some.
        let differing = (0..<300).filter { i in a.pixels[(i * 3072)..<((i + 1) * 3072)] != c.pixels[(i * 3072)..<((i + 1) * 3072)] }
        #expect(differing.count == 300)
    }

    @Test func bytesDoNotDependOnThreadCountOrDatasetSize() {
        let one = SyntheticImages.generate(.synthetic100, count: 500, seed: 7, split: 0, threads: 1)
        let two = SyntheticImages.generate(.synthetic100, count: 500, seed: 7, split: 0, threads: 2)
        let three = SyntheticImages.generate(.synthetic100, count: 500, seed: 7, split: 0, threads: 3)
        let hardOne = SyntheticImages.generate(.synthetic100, difficulty: .hard, count: 200, seed: 7, split: 0, threads: 1)
        let hardTwo = SyntheticImages.generate(.synthetic100, difficulty: .hard, count: 200, seed: 7, split: 0, threads: 2)
        #expect(hardOne.pixels == hardTwo.pixels)
        // The two difficulties are different scenes from the same stream.
        #expect(hardOne.pixels != Array(one.pixels[0..<(200 * 3072)]))
        #expect(one.pixels == two.pixels && one.pixels == three.pixels)
        // Image i is a function of (seed, split, i): a smaller dataset is a prefix of a larger one.
        let small = SyntheticImages.generate(.synthetic100, count: 120, seed: 7, split: 0, threads: 2)
        #expect(small.pixels == Array(one.pixels[0..<(120 * 3072)]))
    }

    @Test func trainAndTestAreDifferentImages() {
        let (train, test) = SyntheticImages.splits(.synthetic10, trainCount: 50, testCount: 50, seed: 1)
        #expect(train.labels == test.labels)          // both balanced the same way
        #expect((0..<50).allSatisfy { i in train.pixels[(i * 3072)..<((i + 1) * 3072)] != test.pixels[(i * 3072)..<((i + 1) * 3072)] })
        #expect(train.name == "synthetic10-train" && test.name == "synthetic10-test")
    }

    @Test(arguments: [(SyntheticKind.synthetic10, 1000), (.synthetic100, 1000), (.synthetic10, 1003)])
    func classesAreBalanced(kind: SyntheticKind, count: Int) {
        let data = SyntheticImages.generate(kind, count: count, seed: 3, split: 0)
        var counts = [Int](repeating: 0, count: kind.classes)
        for label in data.labels { counts[Int(label)] += 1 }
        // count = q·classes + r: r classes get q + 1 images, the rest q.
        #expect(counts.max()! - counts.min()! <= 1)
        #expect(counts.reduce(0, +) == count)
        #expect(counts.min()! == count / kind.classes)
        #expect(data.classes == kind.classes && data.height == 32 && data.width == 32 && data.channels == 3)
    }

    @Test func imagesAreNeitherFlatNorSaturated() {
        let data = SyntheticImages.generate(.synthetic10, count: 200, seed: 5, split: 0)
        let (mean, std) = data.channelStatistics()
        // Random colours over the whole range: each channel's mean near the middle, a wide spread.
        #expect(mean.allSatisfy { $0 > 0.3 && $0 < 0.7 })
        #expect(std.allSatisfy { $0 > 0.15 })
        for i in 0..<200 {
            let image = data.pixels[(i * 3072)..<((i + 1) * 3072)]
            #expect(Set(image).count > 40, "image \(i) has too few distinct values")
        }
    }

    @Test func shapesAreTheirOwnRegions() {
        // Points of the object frame checked by hand: the disk contains its centre, the ring does not,
        // the square contains (0.7, 0.7) and the disk does not (0.7² + 0.7² = 0.98 > 0.81).
        #expect(SyntheticImages.inside(0, 0, 0) && !SyntheticImages.inside(1, 0, 0))
        #expect(SyntheticImages.inside(3, 0.7, 0.7) && !SyntheticImages.inside(0, 0.7, 0.7))
        // The star: its upper point (0, −0.95) inside, the notch between two points at radius 0.6 outside.
        #expect(SyntheticImages.inside(4, 0, -0.95))
        let notch = -Float.pi / 2 + Float.pi / 5
        #expect(!SyntheticImages.inside(4, 0.6 * cos(notch), 0.6 * sin(notch)))
        // Every shape covers a reasonable part of the unit disk (between a sixth and all of it).
        for shape in 0..<10 {
            var inside = 0
            for i in 0..<100 { for j in 0..<100 where SyntheticImages.inside(shape, Float(i) / 50 - 0.99, Float(j) / 50 - 0.99) { inside += 1 } }
            #expect(inside > 1000 && inside < 8000, "shape \(SyntheticImages.shapeNames[shape]) covers \(inside) of 10000 grid points")
        }
    }

    @Test func synthetic100NamesItsClassesByShapeAndHue() {
        let names = SyntheticKind.synthetic100.classNames(.easy)
        #expect(names.count == 100 && Set(names).count == 100)
        #expect(names[0] == "disk/red" && names[37] == "square/blue")   // label 37 = 10·3 + 7
        #expect(names[99] == "hourglass/magenta")
        let hard = SyntheticKind.synthetic100.classNames(.hard)
        #expect(Set(hard).count == 100 && hard[37] == "square/glow" && hard[99] == "hourglass/mosaic")
    }

    /// The hue (degrees) of an RGB colour by the textbook formula (max − min chroma), independent of
    /// SyntheticImages.rgb.
    static func hueDegrees(_ c: SIMD3<Float>) -> Float {
        let (r, g, b) = (c.x, c.y, c.z)
        let hi = max(r, g, b), lo = min(r, g, b), d = hi - lo
        guard d > 0 else { return 0 }
        var h: Float
        if hi == r { h = 60 * ((g - b) / d) } else if hi == g { h = 60 * ((b - r) / d + 2) } else { h = 60 * ((r - g) / d + 4) }
        if h < 0 { h += 360 }
        return h
    }

    @Test func aHueFamilysColoursLieWithinNineDegreesOfItsCentre() {
        var rng = SplitMix64(seed: 11, stream: 0, index: 0)
        let grey = SIMD3<Float>(0.5, 0.5, 0.5)
        for family in 0..<10 {
            for _ in 0..<200 {
                let c = SyntheticImages.contrasting(grey, 0.25, family: family, rng: &rng)
                // Circular distance to the family's centre, family·36°: at most 9° (+ float slack).
                let d = abs(Self.hueDegrees(c) - Float(family * 36))
                #expect(min(d, 360 - d) <= 9.01, "family \(family): hue \(Self.hueDegrees(c))")
            }
        }
    }
}
