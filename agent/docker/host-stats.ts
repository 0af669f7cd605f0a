// Host figures for the `stats` message, read from /proc like top and df do (no extra packages,
// no Docker needed). CPU percent is a delta between two samples, so each sampler keeps the last
// /proc/stat reading; the first sample covers the time since boot.
import { readFile, statfs } from "node:fs/promises";
import os from "node:os";
import type { StatsSample } from "@/lib/protocol/agent";

/** Filesystems that hold data; pseudo (proc, cgroup, tmpfs) and layered (overlay: container roots) ones are left out. */
const REAL_FILESYSTEMS = new Set([
  "ext2",
  "ext3",
  "ext4",
  "xfs",
  "btrfs",
  "zfs",
  "f2fs",
  "vfat",
  "exfat",
  "ntfs",
  "ntfs3",
  "jfs",
  "reiserfs",
  "nfs",
  "nfs4",
  "cifs",
  "fuseblk",
]);
/** Container traffic crosses these and the physical interface: counting both would count it twice. */
const VIRTUAL_INTERFACE = /^(lo|veth|docker\d|br-|cni|flannel|cali|virbr)/;

interface CpuTimes {
  busy: number;
  total: number;
}

export async function readCpuTimes(): Promise<CpuTimes> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n").find((l) => l.startsWith("cpu "));
  // user nice system idle iowait irq softirq steal (guest time is already inside user). A field
  // that isn't there makes the totals NaN, which the sampler reports as 0 % (NaN > 0 is false).
  const [user = NaN, nice = NaN, system = NaN, idle = NaN, iowait = NaN, irq = NaN, softirq = NaN, steal] = (line ?? "")
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + (steal || 0);
  return { busy: total - idle - iowait, total };
}

export async function readMemory(): Promise<{ totalBytes: number; usedBytes: number }> {
  const text = await readFile("/proc/meminfo", "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0) * 1024;
  const total = kb("MemTotal");
  return { totalBytes: total, usedBytes: total - kb("MemAvailable") };
}

/** /proc/mounts writes spaces and tabs in paths as octal escapes (\040). */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

export async function readDisks(): Promise<StatsSample["disks"]> {
  const lines = (await readFile("/proc/mounts", "utf8")).split("\n");
  const seenDevices = new Set<string>();
  const disks: StatsSample["disks"] = [];
  for (const line of lines) {
    const [device, rawMount, type] = line.split(" ");
    // One device mounted twice (bind mounts, /var/lib/docker) is one disk: the first mount names it.
    if (!device || rawMount === undefined || type === undefined || !REAL_FILESYSTEMS.has(type) || seenDevices.has(device)) continue;
    seenDevices.add(device);
    const mount = unescapeMount(rawMount);
    try {
      const s = await statfs(mount);
      disks.push({ mount, totalBytes: s.blocks * s.bsize, usedBytes: (s.blocks - s.bfree) * s.bsize });
    } catch {
      // Mounts we may not read (stale NFS, permissions) are left out rather than failing the sample.
    }
  }
  return disks;
}

export async function readNetworkTotals(): Promise<{ rxBytes: number; txBytes: number }> {
  const lines = (await readFile("/proc/net/dev", "utf8")).split("\n").slice(2);
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of lines) {
    const [name = "", data] = line.split(":");
    if (!data || VIRTUAL_INTERFACE.test(name.trim())) continue;
    const fields = data.trim().split(/\s+/);
    // Number(undefined) is NaN: a line with too few fields spoils the totals rather than passing unnoticed.
    rxBytes += Number(fields[0]);
    txBytes += Number(fields[8]);
  }
  return { rxBytes, txBytes };
}

/** Returns a function that takes one sample per call; CPU percent is measured since the previous call. */
export function createHostSampler(): () => Promise<StatsSample> {
  let previous: CpuTimes = { busy: 0, total: 0 };
  return async () => {
    const [cpu, memory, disks, net] = await Promise.all([readCpuTimes(), readMemory(), readDisks(), readNetworkTotals()]);
    const dTotal = cpu.total - previous.total;
    const cpuPercent = dTotal > 0 ? Math.min(100, Math.max(0, ((cpu.busy - previous.busy) / dTotal) * 100)) : 0;
    previous = cpu;
    const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg(); // os.loadavg() always returns three figures
    return {
      at: new Date().toISOString(),
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      load: [l1, l5, l15],
      memTotalBytes: memory.totalBytes,
      memUsedBytes: memory.usedBytes,
      disks,
      netRxBytes: net.rxBytes,
      netTxBytes: net.txBytes,
    };
  };
}
