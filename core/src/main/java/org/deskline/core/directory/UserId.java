package org.deskline.core.directory;

/** Identifies a user of the directory; stable across restarts and changes of extension. */
public record UserId(long value) {
    @Override
    public String toString() {
        return "user#" + value;
    }
}
