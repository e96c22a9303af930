// Numbers in the program's JSON files that no int can hold (7962269646.5, 2.9e89, 1e99): each
// is refused with the file and the key named, never converted (UBSan: float-cast-overflow).
// Found by the sidecars and sweepplan fuzzers (fuzz/crashes-found/).

#include "common/atomicfile.h"
#include "common/error.h"
#include "fixtures.h"
#include "probe/linearprobe.h"
#include "quickruns.h"
#include "run/runfolder.h"
#include "run/runlibrary.h"
#include "run/runstatus.h"
#include "sweep/sweepplan.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// The message of the input Error `action` throws; fails the test when it throws none.
std::string inputErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "nothing was refused";
  return {};
}

void expectMentions(const std::string& message, const std::vector<std::string>& parts) {
  for (const auto& part : parts) EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' in: " << message;
}

TEST(RunStatus, HugeEpochIsRefusedNotOverflowed) {
  // fuzz/crashes-found/status-epoch-7.96e9.json
  const std::string source = "/runs/a/status.json";
  const std::string text = R"({"epoch": 7962269646.545966, "host": "vm", "state": "running"})";
  expectMentions(inputErrorOf([&] { parseRunStatus(text, source); }), {source, "'epoch'", "whole number"});
  // A whole number too big for an int, a negative epoch, a pid of 1e300 and a boolean epoch too.
  expectMentions(inputErrorOf([&] { parseRunStatus(R"({"epoch": 7962269646, "state": "running"})", source); }),
                 {source, "'epoch'"});
  expectMentions(inputErrorOf([&] { parseRunStatus(R"({"epoch": -3, "state": "running"})", source); }),
                 {source, "'epoch'"});
  expectMentions(inputErrorOf([&] { parseRunStatus(R"({"pid": 1e300, "state": "running"})", source); }),
                 {source, "'pid'"});
  expectMentions(inputErrorOf([&] { parseRunStatus(R"({"epoch": true, "state": "running"})", source); }),
                 {source, "'epoch'"});
  const RunStatusRecord good = parseRunStatus(R"({"epoch": 12, "pid": 77, "state": "running"})", source);
  EXPECT_EQ(good.epoch, 12);
  EXPECT_EQ(good.pid, 77);
}

json tinySweepJson() {
  TrainConfig config = test::quickConfig(4);
  config.batchSize = 16;
  const SweepPlan plan = planSweep("tiny-sweep", "", test::tinyConvSpec(), config, {{"lr", {"0.001", "0.02"}}}, 0);
  return json::parse(plan.toJson());
}

TEST(SweepPlan, HugeTargetEpochsIsRefusedNamingTheKey) {
  const std::string source = "/sweeps/s/sweep.json";
  EXPECT_NO_THROW(SweepPlan::fromJson(tinySweepJson().dump(), source));
  // fuzz/crashes-found/sweep-target-epochs-2.9e89.json
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{
           {"target_epochs", 2.9e89}, {"target_epochs", 7962269646LL}, {"epochs_done", -1e300}, {"epochs_done", 1.5}}) {
    json root = tinySweepJson();
    root["runs"][0][key] = value;
    expectMentions(inputErrorOf([&] { SweepPlan::fromJson(root.dump(), source); }), {source, "'" + key + "'"});
  }
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, json>>{{"version", 1e99}, {"rung", 2.9e89}, {"halving_rung_epochs", 4e12}}) {
    json root = tinySweepJson();
    root[key] = value;
    expectMentions(inputErrorOf([&] { SweepPlan::fromJson(root.dump(), source); }), {source, "'" + key + "'"});
  }
}

ProbeResult smallProbeResult() {
  ProbeResult result;
  result.classNames = {"cat", "dog"};
  result.accuracy = 0.5;
  result.frozenAccuracy = 0.5;
  result.knnAccuracy = 0.5;
  result.knnK = 3;
  result.confusion = {{1, 1}, {0, 2}};
  result.perClassAccuracy = {0.5, 1.0};
  result.history = {{1, false, 1.5, 1.0, 0.25, 0.5}};
  result.testItems = {7, 9, 11, 12};
  result.truth = {0, 0, 1, 1};
  result.predicted = {0, 1, 1, 1};
  result.trainItems = 40;
  result.labelFraction = 0.1;
  result.codeSize = 10;
  result.epoch = 12;
  return result;
}

TEST(ProbeFile, HugeCountsAreRefused) {
  const std::string source = "/runs/a/probe.json";
  const json good = json::parse(probeResultToJson(smallProbeResult(), true));
  EXPECT_EQ(probeResultFromJson(good.dump(), source).confusion, smallProbeResult().confusion);
  const auto refusedNaming = [&](const std::function<void(json&)>& change, const std::string& key) {
    json root = good;
    change(root);
    expectMentions(inputErrorOf([&] { probeResultFromJson(root.dump(), source); }), {source, key});
  };
  refusedNaming([](json& root) { root["knn_k"] = 7962269646.5; }, "'knn_k'");
  refusedNaming([](json& root) { root["code_size"] = 2.9e89; }, "'code_size'");
  refusedNaming([](json& root) { root["epoch"] = 1e99; }, "'epoch'");
  refusedNaming([](json& root) { root["train_items"] = -1e300; }, "'train_items'");
  refusedNaming([](json& root) { root["history"][0]["epoch"] = 4e12; }, "'epoch'");
  refusedNaming([](json& root) { root["confusion"][1][0] = 1e99; }, "'confusion[1][0]'");
  refusedNaming([](json& root) { root["test_items"][2] = 1e99; }, "'test_items[2]'");
  refusedNaming([](json& root) { root["truth"][3] = 7962269646.0; }, "'truth[3]'");
  refusedNaming([](json& root) { root["predicted"][0] = 7962269646; }, "'predicted[0]'");
}

// A run folder as the trainer leaves it, without training.
void writeFakeRun(const fs::path& dir, int latent) {
  RunFolder folder(dir);
  folder.prepareNew();
  ModelSpec spec = test::tinyConvSpec();
  spec.latent = latent;
  folder.writeSpec(spec);
  TrainConfig config;
  config.dataset = "blobs";
  config.epochs = 2;
  folder.writeConfig(config);
}

TEST(RunLibrary, CacheWithHugeNumbersIsIgnored) {
  test::TempDir dir;
  writeFakeRun(dir / "runs" / "a", 6);
  writeFakeRun(dir / "runs" / "b", 7);
  const fs::path cache = dir / "cache" / "runs-index.json";
  {
    RunLibrary library(cache);
    ASSERT_EQ(library.scan({dir / "runs"}).size(), 2u);
    library.saveCache();
  }
  const json saved = json::parse(test::readBytes(cache));
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{{"latent", 7962269646.5},
                                                                            {"epochs", 2.9e89},
                                                                            {"epochs_done", 1e99},
                                                                            {"best_epoch", -1e300},
                                                                            {"batch", 4e12},
                                                                            {"parameters", 1e300},
                                                                            {"seed", -1.5},
                                                                            {"latent", true}}) {
    json root = saved;
    for (json& item : root["runs"])
      if (fs::path(item["summary"]["path"].get<std::string>()).filename() == "a") item["summary"][key] = value;
    writeTextFileAtomically(cache, root.dump());
    // Only run a's entry is dropped: a is read from its folder again, b still comes from the cache.
    RunLibrary library(cache);
    const auto runs = library.scan({dir / "runs"});
    ASSERT_EQ(runs.size(), 2u) << key;
    EXPECT_EQ(library.lastScan().read, 1) << key;
    for (const auto& run : runs) EXPECT_EQ(run.latent, run.name() == "a" ? 6 : 7) << key;
  }
  // A huge version number is not a version this program wrote: the whole cache is ignored.
  json root = saved;
  root["version"] = 1e99;
  writeTextFileAtomically(cache, root.dump());
  RunLibrary library(cache);
  EXPECT_EQ(library.scan({dir / "runs"}).size(), 2u);
  EXPECT_EQ(library.lastScan().read, 2);
}

}  // namespace
}  // namespace latentlab
