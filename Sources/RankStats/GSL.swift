// The only file that imports CGSL. GSL's default error handler aborts the process; it is switched off
// once, and every status is checked here and turned into a thrown StatsError.
import CGSL

enum GSL {
    /// Turns GSL's abort-on-error handler off (gsl_set_error_handler_off); idempotent, done on first use.
    static let handlerOff: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// P(X > x) for χ² with `df` degrees of freedom (gsl_cdf_chisq_Q).
    static func chiSquareUpperTail(_ x: Double, degreesOfFreedom df: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_chisq_Q(x, df)
    }

    /// P(X > x) for F(df1, df2) (gsl_cdf_fdist_Q).
    static func fUpperTail(_ x: Double, df1: Double, df2: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_fdist_Q(x, df1, df2)
    }
}
