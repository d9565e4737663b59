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

    /// P(Z ≤ z) for the standard normal (gsl_cdf_ugaussian_P).
    static func normalLowerTail(_ z: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_ugaussian_P(z)
    }

    /// P(Z > z) for the standard normal (gsl_cdf_ugaussian_Q).
    static func normalUpperTail(_ z: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_ugaussian_Q(z)
    }

    /// The standard normal density φ(z) (gsl_ran_ugaussian_pdf).
    static func normalDensity(_ z: Double) -> Double {
        _ = handlerOff
        return gsl_ran_ugaussian_pdf(z)
    }

    /// z with P(Z > z) = p (gsl_cdf_ugaussian_Qinv).
    static func normalUpperQuantile(_ p: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_ugaussian_Qinv(p)
    }

    /// P(T > t) for Student's t with `df` degrees of freedom (gsl_cdf_tdist_Q).
    static func tUpperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_tdist_Q(t, df)
    }

    /// t with P(T > t) = p for Student's t with `df` degrees of freedom (gsl_cdf_tdist_Qinv).
    static func tUpperQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        _ = handlerOff
        return gsl_cdf_tdist_Qinv(p, df)
    }

    /// Holds a Swift closure for GSL's `gsl_function` callback (a C function pointer plus `void *params`).
    private final class Callback {
        let body: (Double) -> Double
        init(_ body: @escaping (Double) -> Double) { self.body = body }
    }

    private static func withGSLFunction<R>(
        _ body: @escaping (Double) -> Double, _ use: (inout gsl_function) throws -> R
    ) rethrows -> R {
        let callback = Callback(body)
        return try withExtendedLifetime(callback) {
            var function = gsl_function(
                function: { x, params in
                    Unmanaged<Callback>.fromOpaque(params!).takeUnretainedValue().body(x)
                },
                params: Unmanaged.passUnretained(callback).toOpaque())
            return try use(&function)
        }
    }

    private static func message(_ status: Int32) -> String {
        String(cString: gsl_strerror(status))
    }

    /// ∫_{−∞}^{∞} f(x) dx by adaptive Gauss–Kronrod on the mapped interval (gsl_integration_qagi).
    static func integrateOverRealLine(
        _ f: @escaping (Double) -> Double, absoluteTolerance: Double = 1e-14, relativeTolerance: Double = 1e-11,
        what: String
    ) throws -> Double {
        _ = handlerOff
        let limit = 1000
        guard let workspace = gsl_integration_workspace_alloc(limit) else {
            throw StatsError.numerical(what: what, reason: "gsl_integration_workspace_alloc failed")
        }
        defer { gsl_integration_workspace_free(workspace) }
        var result = 0.0
        var error = 0.0
        let status = withGSLFunction(f) { function in
            gsl_integration_qagi(&function, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error)
        }
        guard status == GSL_SUCCESS, result.isFinite else {
            throw StatsError.numerical(what: what, reason: "gsl_integration_qagi: \(message(status))")
        }
        return result
    }

    /// The root of f in [lower, upper] (f must change sign there) by Brent's method (gsl_root_fsolver_brent),
    /// to an absolute tolerance `tolerance` on x.
    static func brentRoot(
        _ f: @escaping (Double) -> Double, lower: Double, upper: Double, tolerance: Double = 1e-12, what: String
    ) throws -> Double {
        _ = handlerOff
        guard let solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent) else {
            throw StatsError.numerical(what: what, reason: "gsl_root_fsolver_alloc failed")
        }
        defer { gsl_root_fsolver_free(solver) }
        return try withGSLFunction(f) { function -> Double in
            var status = gsl_root_fsolver_set(solver, &function, lower, upper)
            guard status == GSL_SUCCESS else {
                throw StatsError.numerical(what: what, reason: "gsl_root_fsolver_set: \(message(status))")
            }
            for _ in 0..<200 {
                status = gsl_root_fsolver_iterate(solver)
                guard status == GSL_SUCCESS else {
                    throw StatsError.numerical(what: what, reason: "gsl_root_fsolver_iterate: \(message(status))")
                }
                let lo = gsl_root_fsolver_x_lower(solver)
                let hi = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(lo, hi, tolerance, 0) == GSL_SUCCESS {
                    let root = gsl_root_fsolver_root(solver)
                    guard root.isFinite else {
                        throw StatsError.numerical(what: what, reason: "the root is not finite")
                    }
                    return root
                }
            }
            throw StatsError.numerical(what: what, reason: "Brent's method did not converge in 200 iterations")
        }
    }
}
