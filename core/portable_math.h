// exp and the logistic function with + - * / only, so that every platform
// (x86-64, WebAssembly) gives the same bits: byte-identical output must not
// depend on which libm is linked.
#pragma once

namespace exemplar {

// e^x, x clamped to [-700, 700]; relative error about 1e-16.
double exp_portable(double x);

double logistic(double z);

}  // namespace exemplar
