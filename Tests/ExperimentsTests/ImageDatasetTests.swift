import Testing
@testable import Experiments

@Suite struct ImageDatasetTests {
    // Two 1×1×2 images: channel 0 holds 0 and 255 (mean 0.5, sd 0.5), channel 1 holds 51 everywhere
    // (mean 0.2, sd 0).
    @Test func channelStatisticsByHand() {
        let data = ImageDataset(
            name: "tiny", classes: 2, channels: 2, height: 1, width: 2,
            pixels: [0, 255, 51, 51, 255, 0, 51, 51], labels: [0, 1])
        let (mean, std) = data.channelStatistics()
        #expect(abs(mean[0] - 0.5) < 1e-12)
        #expect(abs(std[0] - 0.5) < 1e-12)
        #expect(abs(mean[1] - 0.2) < 1e-12)
        #expect(abs(std[1]) < 1e-6)
    }

    // One 1-channel 4×4 image box-filtered to 2×2: each output is the rounded mean of a 2×2 block.
    // Blocks (by hand): {0, 1, 4, 5} → 2.5 → 3 (halves round up); {2, 3, 6, 7} → 4.5 → 5;
    // {8, 9, 12, 13} → 10.5 → 11; {10, 11, 14, 15} → 12.5 → 13. The 255-block {255, 255, 255, 254} → 254.75 → 255.
    @Test func downsamplingAveragesBlocksByHand() {
        let data = ImageDataset(name: "ramp", classes: 2, channels: 1, height: 4, width: 4, pixels: (0..<16).map(UInt8.init), labels: [1])
        let small = data.downsampled(to: 2)
        #expect(small.height == 2 && small.width == 2 && small.channels == 1 && small.labels == [1])
        #expect(small.pixels == [3, 5, 11, 13])
        let bright = ImageDataset(name: "b", classes: 2, channels: 1, height: 2, width: 2, pixels: [255, 255, 255, 254], labels: [0])
        #expect(bright.downsampled(to: 1).pixels == [255])
        #expect(data.downsampled(to: 4).pixels == data.pixels)
    }
}
