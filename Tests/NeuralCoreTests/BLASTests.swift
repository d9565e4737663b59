import Testing
@testable import NeuralCore

@Suite struct BLASTests {
    // libgsl depends on libgslcblas, which defines the same cblas_* symbols as OpenBLAS. The whole
    // test process links GSL (RankStats) and OpenBLAS (NeuralCore), so this is where a clash would show.
    @Test func sgemmResolvesToOpenBLAS() throws {
        let path = try #require(BLAS.sgemmLibraryPath())
        #expect(path.contains("openblas"), "cblas_sgemm resolved to \(path)")
        #expect(!path.contains("gslcblas"), "cblas_sgemm resolved to GSL's reference CBLAS at \(path)")
        #expect(BLAS.configuration.contains("OpenBLAS"))
    }

    // A 2×3 times 3×2 product worked by hand: [[1,2,3],[4,5,6]]·[[7,8],[9,10],[11,12]] = [[58,64],[139,154]].
    @Test func sgemmMatchesHandProduct() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]
        let b: [Float] = [7, 8, 9, 10, 11, 12]
        var c: [Float] = [1, 1, 1, 1]
        BLAS.sgemm(
            transposeA: false, transposeB: false, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: b, ldb: 2,
            beta: 0.5, c: &c, ldc: 2)
        #expect(c == [58.5, 64.5, 139.5, 154.5])
    }
}
