// Deterministic generation of the simulated portal farm: the world (sites, columns, items, planted
// defects) and its truth (pages, vetoes, flags) are a pure function of (sites, seed, as_of), using a
// self-contained PRNG so the same seed gives the same farm on every platform and library version.
#pragma once

#include <cstdint>

#include "tests/farm/farm_model.h"

namespace govaudit::farm {

/// Builds the whole farm. Site k depends only on (seed, k, as_of) and the slugs taken by sites < k.
/// Precondition: config.sites >= 0 (bounded to 100000).
FarmWorld generate_farm(const FarmConfig& config);

/// splitmix64: the farm's only source of randomness.
struct FarmRng {
  std::uint64_t state;
  explicit FarmRng(std::uint64_t seed) : state(seed) {}
  std::uint64_t next();
  /// Uniform in [lo, hi] (inclusive); lo <= hi.
  int range(int lo, int hi);
  /// Uniform in [0, 1).
  double unit();
  bool chance(double p) { return unit() < p; }
};

/// A stable 64-bit mix of two values (used for per-site seeds and per-request failure draws).
std::uint64_t farm_mix(std::uint64_t a, std::uint64_t b);

}  // namespace govaudit::farm
