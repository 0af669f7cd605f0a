// The container id the agent reads from /proc/self, for the formats a real host gives (the
// integration test reads a real container's; these are the other cgroup layouts and the host).
import { describe, expect, it } from "vitest";
import { containerIdFrom } from "./self";

const ID = "3f1c9a4e5b6d7c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6";
const OTHER = "aa".repeat(32);

describe("containerIdFrom", () => {
  it("reads the id from the mount of /etc/hostname, whatever Docker's data root", () => {
    const mountinfo = [
      "600 580 0:52 / / rw,relatime master:300 - overlay overlay rw,lowerdir=/x",
      `611 600 8:1 /srv/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw`,
    ].join("\n");
    expect(containerIdFrom(mountinfo, "0::/\n")).toBe(ID);
  });

  it("reads it from cgroup v1 paths (cgroupfs and systemd drivers)", () => {
    expect(containerIdFrom("", `12:memory:/docker/${ID}\n11:cpu:/docker/${ID}\n`)).toBe(ID);
    expect(containerIdFrom("", `1:name=systemd:/system.slice/docker-${ID}.scope\n`)).toBe(ID);
  });

  it("finds none on the host, where containers' own mounts show up elsewhere than /etc/hostname", () => {
    const host = `123 29 0:50 / /var/lib/docker/containers/${OTHER}/mounts/shm rw,nosuid - tmpfs shm rw,size=65536k`;
    expect(containerIdFrom(host, "0::/init.scope\n")).toBeNull();
    expect(containerIdFrom("", "")).toBeNull();
  });
});
