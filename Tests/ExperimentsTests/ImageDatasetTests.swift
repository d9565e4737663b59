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
}
