package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where an element sits in a resource being patched: its parent object, the parent's element path (null when
 * unknown), element name, JSON key and array index (-1: not in an array).
 */
record ElementSlot(ObjectNode parent, String parentPath, String name, String key, int index) {}
