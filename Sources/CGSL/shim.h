// The parts of GSL that RankStats uses: error handling, special functions, CDFs, quadrature, roots.
#ifndef RECSTATS_CGSL_SHIM_H
#define RECSTATS_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#endif
