import Testing
@testable import RankStats

@Suite struct GSLTests {
    // Upper 5% points from standard tables: χ²(1) 3.841459, F(3, 39) 2.845068.
    @Test func upperTailsMatchPublishedQuantiles() {
        #expect(abs(GSL.chiSquareUpperTail(3.841459, degreesOfFreedom: 1) - 0.05) < 1e-6)
        #expect(abs(GSL.fUpperTail(2.845068, df1: 3, df2: 39) - 0.05) < 1e-5)
    }
}
