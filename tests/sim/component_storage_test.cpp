// Tests of ComponentStorage (sim/src/component_storage.h) and Component's operator new
// (component.h): a center places each agent's components beside the agent's state. Components
// made while a storage is open are inside it, one that does not fit (or is over-aligned) and
// those made when none is open go to the heap, nesting restores the outer storage, and every
// component is destroyed and freed alike wherever it lives (the sanitizer run checks the frees).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "agentsim/sim/component.h"
#include "component_storage.h"

namespace agentsim::sim::detail {
namespace {

int destroyed = 0;

struct Small : Component {
  explicit Small(int v) : value(v) {}
  ~Small() override { ++destroyed; }
  int value;
};
struct Large : Component {
  ~Large() override { ++destroyed; }
  std::byte payload[ComponentStorage::kBytes]{};
};
struct alignas(64) OverAligned : Component {
  ~OverAligned() override { ++destroyed; }
  std::byte payload[8]{};
};

// Whether `p` lies inside the storage object `s` (its buffer is its only sizeable member).
bool inside(const ComponentStorage& s, const void* p) {
  const auto* begin = reinterpret_cast<const std::byte*>(&s);
  const auto* q = static_cast<const std::byte*>(p);
  return q >= begin && q < begin + sizeof(ComponentStorage);
}

TEST(ComponentStorage, ComponentsMadeWhileOpenAreInsideItAndTheRestOnTheHeap) {
  destroyed = 0;
  ComponentStorage storage;
  std::vector<std::unique_ptr<Component>> made;
  made.push_back(std::make_unique<Small>(1));
  made.push_back(std::make_unique<Small>(2));
  EXPECT_TRUE(inside(storage, made[0].get()));
  EXPECT_TRUE(inside(storage, made[1].get()));
  EXPECT_NE(made[0].get(), made[1].get());
  EXPECT_GT(storage.used(), 2 * sizeof(Small));  // each with its header
  // Too large for what is left: the heap, and the storage keeps its room for smaller ones.
  const std::size_t used = storage.used();
  made.push_back(std::make_unique<Large>());
  EXPECT_FALSE(inside(storage, made.back().get()));
  EXPECT_EQ(storage.used(), used);
  // Over-aligned: the heap, aligned as it asks.
  made.push_back(std::make_unique<OverAligned>());
  EXPECT_FALSE(inside(storage, made.back().get()));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(made.back().get()) % 64, 0u);
  storage.close();
  made.push_back(std::make_unique<Small>(3));
  EXPECT_FALSE(inside(storage, made.back().get()));
  // They work wherever they live.
  EXPECT_EQ(static_cast<Small*>(made[0].get())->value, 1);
  EXPECT_EQ(static_cast<Small*>(made[1].get())->value, 2);
  EXPECT_EQ(static_cast<Small*>(made[4].get())->value, 3);
  made.clear();
  EXPECT_EQ(destroyed, 5);
}

TEST(ComponentStorage, TheInnermostOpenStorageTakesThemAndClosingItRestoresTheOuter) {
  ComponentStorage outer;
  auto a = std::make_unique<Small>(1);
  std::unique_ptr<Component> b, c;
  {
    ComponentStorage inner;
    b = std::make_unique<Small>(2);
    EXPECT_TRUE(inside(inner, b.get()));
    inner.close();
    c = std::make_unique<Small>(3);
    EXPECT_TRUE(inside(outer, c.get()));
    b.reset();  // before its storage goes
  }
  EXPECT_TRUE(inside(outer, a.get()));
  outer.close();
  auto d = std::make_unique<Small>(4);
  EXPECT_FALSE(inside(outer, d.get()));
}

TEST(ComponentStorage, AStorageDestroyedWithoutCloseIsClosed) {
  std::unique_ptr<Component> after;
  {
    ComponentStorage s;
  }
  after = std::make_unique<Small>(1);  // no storage open: the heap (ASan: a real allocation)
  EXPECT_EQ(static_cast<Small*>(after.get())->value, 1);
}

TEST(ComponentStorage, FillsUpToItsSizeThenTheHeap) {
  ComponentStorage storage;
  std::vector<std::unique_ptr<Component>> made;
  std::size_t in = 0;
  for (int i = 0; i < 64; ++i) {
    made.push_back(std::make_unique<Small>(i));
    in += inside(storage, made.back().get()) ? 1 : 0;
  }
  const std::size_t per = (alignof(std::max_align_t) + sizeof(Small) + alignof(std::max_align_t) - 1) /
                          alignof(std::max_align_t) * alignof(std::max_align_t);
  EXPECT_EQ(in, ComponentStorage::kBytes / per);
  EXPECT_LE(storage.used(), ComponentStorage::kBytes);
  for (int i = 0; i < 64; ++i) EXPECT_EQ(static_cast<Small*>(made[static_cast<std::size_t>(i)].get())->value, i);
}

}  // namespace
}  // namespace agentsim::sim::detail
