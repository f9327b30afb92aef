package dev.scylla.credentials.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one shared, thread-safe JSON mapper. */
public final class Json {

  /** Plain mapper; credentials JSON is read as trees so unknown fields survive. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
