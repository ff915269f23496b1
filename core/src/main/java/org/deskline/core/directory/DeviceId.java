package org.deskline.core.directory;

/** Identifies a phone of the directory. */
public record DeviceId(long value) {
    @Override
    public String toString() {
        return "device#" + value;
    }
}
