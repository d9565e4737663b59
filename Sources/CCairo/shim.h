// Cairo with its PDF, SVG and PNG back ends (all in libcairo on Debian).
#ifndef RECSTATS_CCAIRO_SHIM_H
#define RECSTATS_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#endif
