#include "latent/pca.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <utility>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace latentlab {

namespace {
using Matrix = std::vector<double>;  // row-major

constexpr int kJacobiLimit = 128;             // exact eigen-decomposition of the covariance up to this code size
constexpr int kCovarianceLimit = 384;         // beyond it the covariance costs more than iterating on the codes
constexpr std::size_t kLongCodeRows = 10000;  // rows sampled (evenly) to fit axes of longer codes

// The sample covariance (dim x dim) of the centred codes. Rows are taken in
// blocks, transposed to float so every entry is a contiguous (vectorised) dot
// product, and summed in double per block; threads keep their own sums, added in
// thread order, so a fit is reproducible for a thread count.
Matrix covariance(const float* data, std::size_t count, int dim, const std::vector<double>& mean) {
  const std::size_t d = std::size_t(dim);
  constexpr std::size_t kRows = 128;
  const long long blocks = (long long)((count + kRows - 1) / kRows);
  int threads = 1;
#ifdef _OPENMP
  threads = std::max(1, std::min(omp_get_max_threads(), int(blocks)));
#endif
  std::vector<Matrix> partial(std::size_t(threads), Matrix(d * d, 0.0));
#pragma omp parallel num_threads(threads)
  {
    int thread = 0;
#ifdef _OPENMP
    thread = omp_get_thread_num();
#endif
    Matrix& sum = partial[std::size_t(thread)];
    std::vector<float> columns(d * kRows);  // dim x rows: the block transposed
#pragma omp for schedule(static)
    for (long long block = 0; block < blocks; ++block) {
      const std::size_t begin = std::size_t(block) * kRows;
      const std::size_t rows = std::min(kRows, count - begin);
      for (std::size_t r = 0; r < rows; ++r) {
        const float* x = data + (begin + r) * d;
        for (std::size_t i = 0; i < d; ++i) columns[i * kRows + r] = float(double(x[i]) - mean[i]);
      }
      for (std::size_t i = 0; i < d; ++i) {
        const float* a = columns.data() + i * kRows;
        for (std::size_t j = i; j < d; ++j) {
          const float* b = columns.data() + j * kRows;
          float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
          for (std::size_t r = 0; r < rows; ++r) dot += a[r] * b[r];
          sum[i * d + j] += double(dot);
        }
      }
    }
  }
  Matrix cov(d * d, 0.0);
  for (const Matrix& part : partial)
    for (std::size_t i = 0; i < d * d; ++i) cov[i] += part[i];
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = i; j < d; ++j) cov[j * d + i] = cov[i * d + j] /= double(count - 1);
  return cov;
}

// All eigenpairs of a symmetric n x n matrix by cyclic Jacobi rotations;
// `vectors` holds the eigenvectors as columns.
void jacobiEigen(Matrix a, int n, std::vector<double>& values, Matrix& vectors) {
  const std::size_t m = std::size_t(n);
  vectors.assign(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) vectors[i * m + i] = 1.0;
  double scale = 0.0;
  for (double v : a) scale += v * v;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0;
    for (std::size_t p = 0; p < m; ++p)
      for (std::size_t q = p + 1; q < m; ++q) off += a[p * m + q] * a[p * m + q];
    if (off <= 1e-28 * scale || off == 0.0) break;
    for (std::size_t p = 0; p < m; ++p)
      for (std::size_t q = p + 1; q < m; ++q) {
        const double apq = a[p * m + q];
        if (std::abs(apq) <= 1e-18 * (std::abs(a[p * m + p]) + std::abs(a[q * m + q])) || apq == 0.0) continue;
        const double theta = (a[q * m + q] - a[p * m + p]) / (2.0 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (std::size_t k = 0; k < m; ++k) {  // columns p, q
          const double akp = a[k * m + p], akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < m; ++k) {  // rows p, q
          const double apk = a[p * m + k], aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < m; ++k) {
          const double vkp = vectors[k * m + p], vkq = vectors[k * m + q];
          vectors[k * m + p] = c * vkp - s * vkq;
          vectors[k * m + q] = s * vkp + c * vkq;
        }
      }
  }
  values.resize(m);
  for (std::size_t i = 0; i < m; ++i) values[i] = a[i * m + i];
}

// Eigenpairs sorted by value, largest first: `values` and rows of `axes` (count x n).
void leadingEigenpairs(const Matrix& a, int n, int count, std::vector<double>& values, Matrix& axes) {
  std::vector<double> all;
  Matrix vectors;
  jacobiEigen(a, n, all, vectors);
  std::vector<std::size_t> order(std::size_t(n), 0);
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return all[x] > all[y]; });
  values.resize(std::size_t(count));
  axes.assign(std::size_t(count) * std::size_t(n), 0.0);
  for (std::size_t c = 0; c < std::size_t(count); ++c) {
    values[c] = all[order[c]];
    for (std::size_t i = 0; i < std::size_t(n); ++i)
      axes[c * std::size_t(n) + i] = vectors[i * std::size_t(n) + order[c]];
  }
}

// Gram-Schmidt (twice, for accuracy) on the rows of `basis`; a row that vanishes
// (a rank-deficient start) is replaced by the first unit vector independent of the others.
void orthonormalize(Matrix& basis, int rows, int dim) {
  const std::size_t d = std::size_t(dim);
  for (int r = 0; r < rows; ++r) {
    double* v = basis.data() + std::size_t(r) * d;
    for (std::size_t attempt = 0; attempt <= d; ++attempt) {
      for (int pass = 0; pass < 2; ++pass)
        for (int q = 0; q < r; ++q) {
          const double* u = basis.data() + std::size_t(q) * d;
          const double dot = std::inner_product(v, v + d, u, 0.0);
          for (std::size_t i = 0; i < d; ++i) v[i] -= dot * u[i];
        }
      const double norm = std::sqrt(std::inner_product(v, v + d, v, 0.0));
      if (norm > 1e-150) {
        for (std::size_t i = 0; i < d; ++i) v[i] /= norm;
        break;
      }
      std::fill(v, v + d, 0.0);
      v[(std::size_t(r) + attempt) % d] = 1.0;
    }
  }
}

// Applies the covariance to each row of a basis (rows x dim): returns rows x dim.
using CovarianceProduct = std::function<Matrix(const Matrix& basis, int rows)>;

// The product with an explicit (symmetric) covariance.
CovarianceProduct covarianceProduct(const Matrix& cov, int dim) {
  return [&cov, dim](const Matrix& basis, int rows) {
    const std::size_t d = std::size_t(dim);
    Matrix out(std::size_t(rows) * d, 0.0);
#pragma omp parallel for schedule(static)
    for (long long i = 0; i < (long long)d; ++i)
      for (int r = 0; r < rows; ++r) {
        const double* v = basis.data() + std::size_t(r) * d;
        const double* c = cov.data() + std::size_t(i) * d;
        double sum = 0.0;
        for (std::size_t j = 0; j < d; ++j) sum += c[j] * v[j];
        out[std::size_t(r) * d + std::size_t(i)] = sum;
      }
    return out;
  };
}

// The product with the covariance of some rows of the codes, never formed:
// X^T (X V) / (n - 1) over the centred rows, in float with double sums per block.
CovarianceProduct dataProduct(const float* data, const std::vector<std::size_t>& rows, int dim,
                              const std::vector<double>& mean) {
  return [data, &rows, dim, &mean](const Matrix& basis, int count) {
    const std::size_t d = std::size_t(dim), b = std::size_t(count);
    std::vector<float> vectors(basis.begin(), basis.end());  // b x d
    constexpr std::size_t kRows = 256;
    const long long blocks = (long long)((rows.size() + kRows - 1) / kRows);
    int threads = 1;
#ifdef _OPENMP
    threads = std::max(1, std::min(omp_get_max_threads(), int(blocks)));
#endif
    std::vector<Matrix> partial(std::size_t(threads), Matrix(b * d, 0.0));
#pragma omp parallel num_threads(threads)
    {
      int thread = 0;
#ifdef _OPENMP
      thread = omp_get_thread_num();
#endif
      std::vector<float> centred(d), sums(b * d), projections(b);
#pragma omp for schedule(static)
      for (long long block = 0; block < blocks; ++block) {
        std::fill(sums.begin(), sums.end(), 0.0f);
        const std::size_t begin = std::size_t(block) * kRows, end = std::min(rows.size(), begin + kRows);
        for (std::size_t r = begin; r < end; ++r) {
          const float* x = data + rows[r] * d;
          for (std::size_t i = 0; i < d; ++i) centred[i] = float(double(x[i]) - mean[i]);
          for (std::size_t k = 0; k < b; ++k) {
            const float* v = vectors.data() + k * d;
            float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
            for (std::size_t i = 0; i < d; ++i) dot += centred[i] * v[i];
            projections[k] = dot;
          }
          for (std::size_t k = 0; k < b; ++k) {
            float* out = sums.data() + k * d;
            const float p = projections[k];
#pragma omp simd
            for (std::size_t i = 0; i < d; ++i) out[i] += p * centred[i];
          }
        }
        Matrix& sum = partial[std::size_t(thread)];
        for (std::size_t i = 0; i < b * d; ++i) sum[i] += double(sums[i]);
      }
    }
    Matrix out(b * d, 0.0);
    for (const Matrix& part : partial)
      for (std::size_t i = 0; i < b * d; ++i) out[i] += part[i];
    for (double& v : out) v /= double(rows.size() - 1);
    return out;
  };
}

// The leading `count` eigenpairs of a large covariance by block subspace iteration
// with Rayleigh-Ritz steps, until the residuals fall below `tolerance` x trace (or
// after `iterations`); `start` (count x dim, e.g. the previous fit's axes) seeds the block.
void subspaceEigenpairs(const CovarianceProduct& apply, int dim, int count, const std::vector<float>* start,
                        double trace, double tolerance, int iterations, std::vector<double>& values, Matrix& axes) {
  const std::size_t d = std::size_t(dim);
  const int block = std::min(dim, count + 8);
  Matrix basis(std::size_t(block) * d);
  std::mt19937_64 random(7);
  std::normal_distribution<double> normal;
  for (double& v : basis) v = normal(random);
  if (start)
    for (std::size_t i = 0; i < start->size() && i < basis.size(); ++i) basis[i] = (*start)[i] + 1e-3 * basis[i];
  orthonormalize(basis, block, dim);
  std::vector<double> ritz;
  Matrix rotation, rotatedBasis, rotatedImage;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    const Matrix image = apply(basis, block);  // C v for every basis row
    const std::size_t m = std::size_t(block);
    Matrix small(m * m);
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = a; b < m; ++b) {
        const double* v = basis.data() + a * d;
        const double* cv = image.data() + b * d;
        const double* va = basis.data() + b * d;
        const double* cva = image.data() + a * d;
        // Symmetrised: (v_a . C v_b + v_b . C v_a) / 2.
        const double value = 0.5 * (std::inner_product(v, v + d, cv, 0.0) + std::inner_product(va, va + d, cva, 0.0));
        small[a * m + b] = small[b * m + a] = value;
      }
    leadingEigenpairs(small, block, block, ritz, rotation);
    rotatedBasis.assign(basis.size(), 0.0);
    rotatedImage.assign(basis.size(), 0.0);
    for (std::size_t r = 0; r < m; ++r)
      for (std::size_t b = 0; b < m; ++b) {
        const double w = rotation[r * m + b];
        const double* v = basis.data() + b * d;
        const double* cv = image.data() + b * d;
        double* outV = rotatedBasis.data() + r * d;
        double* outCv = rotatedImage.data() + r * d;
        for (std::size_t i = 0; i < d; ++i) {
          outV[i] += w * v[i];
          outCv[i] += w * cv[i];
        }
      }
    double worst = 0.0;  // residual |C v - lambda v| of the wanted axes
    for (std::size_t c = 0; c < std::size_t(count); ++c) {
      double residual = 0.0;
      for (std::size_t i = 0; i < d; ++i) {
        const double e = rotatedImage[c * d + i] - ritz[c] * rotatedBasis[c * d + i];
        residual += e * e;
      }
      worst = std::max(worst, std::sqrt(residual));
    }
    basis.swap(rotatedBasis);
    if (worst <= tolerance * std::max(trace, 1e-300)) break;
    basis.swap(rotatedImage);  // the next power step starts from C V
    orthonormalize(basis, block, dim);
  }
  values.assign(ritz.begin(), ritz.begin() + count);
  axes.assign(basis.begin(), basis.begin() + std::ptrdiff_t(std::size_t(count) * d));
}

double dotRows(const double* a, const float* b, int dim) {
  double sum = 0.0;
  for (int i = 0; i < dim; ++i) sum += a[i] * double(b[i]);
  return sum;
}
}  // namespace

Pca Pca::fit(const float* data, std::size_t count, int dim, int components, const Pca* alignTo) {
  if (dim < 1) throw usageError("PCA needs codes of at least 1 value");
  if (count < 2) throw usageError("PCA needs at least 2 codes, got " + std::to_string(count));
  if (components < 1 || components > dim)
    throw usageError("PCA components must be between 1 and the code size " + std::to_string(dim) + ", not " +
                     std::to_string(components));
  const std::size_t d = std::size_t(dim);
  if (alignTo && alignTo->mDim != dim) alignTo = nullptr;
  Pca pca;
  pca.mDim = dim;
  pca.mComponents = components;
  std::vector<double> mean(d, 0.0);
  for (std::size_t n = 0; n < count; ++n)
    for (std::size_t i = 0; i < d; ++i) mean[i] += data[n * d + i];
  for (double& m : mean) m /= double(count);
  pca.mMean.assign(mean.begin(), mean.end());

  std::vector<double> variances;
  Matrix axes;
  const bool warm = alignTo && alignTo->mComponents >= components;
  if (dim <= kCovarianceLimit) {
    const Matrix cov = covariance(data, count, dim, mean);
    for (std::size_t i = 0; i < d; ++i) pca.mTotalVariance += cov[i * d + i];
    if (dim <= kJacobiLimit) {
      leadingEigenpairs(cov, dim, components, variances, axes);
    } else {
      subspaceEigenpairs(covarianceProduct(cov, dim), dim, components, warm ? &alignTo->mAxes : nullptr,
                         pca.mTotalVariance, 1e-9, 300, variances, axes);
    }
  } else {
    // Long codes (flattened feature maps): iterate on up to 10,000 evenly spread codes.
    double total = 0.0;
    for (std::size_t n = 0; n < count; ++n)
      for (std::size_t i = 0; i < d; ++i) {
        const double e = double(data[n * d + i]) - mean[i];
        total += e * e;
      }
    pca.mTotalVariance = total / double(count - 1);
    std::vector<std::size_t> rows(std::min(count, kLongCodeRows));
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r * count / rows.size();
    subspaceEigenpairs(dataProduct(data, rows, dim, mean), dim, components, warm ? &alignTo->mAxes : nullptr,
                       pca.mTotalVariance, 1e-5, 100, variances, axes);
  }
  for (double& v : variances) v = std::max(0.0, v);

  if (alignTo && components >= 2 && alignTo->mComponents >= 2) {
    // Keep the pairing of the first two axes when their variances trade places.
    const float* old0 = alignTo->mAxes.data();
    const float* old1 = alignTo->mAxes.data() + d;
    const double* new0 = axes.data();
    const double* new1 = axes.data() + d;
    const double keep = std::abs(dotRows(new0, old0, dim)) + std::abs(dotRows(new1, old1, dim));
    const double swap = std::abs(dotRows(new0, old1, dim)) + std::abs(dotRows(new1, old0, dim));
    if (swap > keep) {
      std::swap_ranges(axes.begin(), axes.begin() + std::ptrdiff_t(d), axes.begin() + std::ptrdiff_t(d));
      std::swap(variances[0], variances[1]);
    }
  }
  for (int c = 0; c < components; ++c) {
    double* axis = axes.data() + std::size_t(c) * d;
    double reference;
    if (alignTo && c < alignTo->mComponents) {
      reference = dotRows(axis, alignTo->mAxes.data() + std::size_t(c) * d, dim);
    } else {
      reference = *std::max_element(axis, axis + d, [](double a, double b) { return std::abs(a) < std::abs(b); });
    }
    if (reference < 0)
      for (std::size_t i = 0; i < d; ++i) axis[i] = -axis[i];
  }
  pca.mAxes.assign(axes.begin(), axes.end());
  pca.mVariances = variances;
  return pca;
}

std::vector<float> Pca::transform(const float* data, std::size_t count) const {
  const std::size_t d = std::size_t(mDim), k = std::size_t(mComponents);
  std::vector<float> points(count * k);
  std::vector<float> centred(d);
  for (std::size_t n = 0; n < count; ++n) {
    const float* x = data + n * d;
    for (std::size_t i = 0; i < d; ++i) centred[i] = x[i] - mMean[i];
    for (std::size_t c = 0; c < k; ++c) {
      const float* axis = mAxes.data() + c * d;
      double dot = 0.0;
      for (std::size_t i = 0; i < d; ++i) dot += double(centred[i]) * double(axis[i]);
      points[n * k + c] = float(dot);
    }
  }
  return points;
}

std::vector<float> Pca::inverse(const float* points, std::size_t count) const {
  const std::size_t d = std::size_t(mDim), k = std::size_t(mComponents);
  std::vector<float> codes(count * d);
  for (std::size_t n = 0; n < count; ++n)
    for (std::size_t i = 0; i < d; ++i) {
      double value = mMean[i];
      for (std::size_t c = 0; c < k; ++c) value += double(points[n * k + c]) * double(mAxes[c * d + i]);
      codes[n * d + i] = float(value);
    }
  return codes;
}

std::vector<double> Pca::explainedVarianceRatio() const {
  std::vector<double> ratios;
  for (double v : mVariances) ratios.push_back(mTotalVariance > 0 ? v / mTotalVariance : 0.0);
  return ratios;
}

}  // namespace latentlab
