#include "portable_math.h"

#include <cmath>

namespace exemplar {

// Range reduction to |r| <= ln2/2 and a Taylor series: exact IEEE operations
// only (floor and ldexp are exact too).
double exp_portable(double x) {
  if (x > 700.0) x = 700.0;
  if (x < -700.0) x = -700.0;
  constexpr double kLn2 = 0.6931471805599453;
  const double n = std::floor(x / kLn2 + 0.5);
  const double r = x - n * kLn2;
  double term = 1.0, sum = 1.0;
  for (int i = 1; i <= 18; ++i) {
    term = term * r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

double logistic(double z) { return 1.0 / (1.0 + exp_portable(-z)); }

}  // namespace exemplar
