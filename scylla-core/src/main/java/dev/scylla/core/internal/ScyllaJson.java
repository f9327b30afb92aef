package dev.scylla.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON and YAML set-up for every Scylla file: snake_case keys, ISO-8601 timestamps,
 * pretty-printed, and never {@code NaN} or {@code Infinity} (the model records reject them, and the
 * writer refuses non-numeric numbers as a second line of defence).
 */
public final class ScyllaJson {
  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper YAML = configure(new YAMLMapper());

  private ScyllaJson() {}

  /** The shared JSON mapper. Thread-safe; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** The shared YAML mapper (same conventions as {@link #mapper()}). */
  public static ObjectMapper yamlMapper() {
    return YAML;
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.registerModule(new JavaTimeModule());
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(SerializationFeature.INDENT_OUTPUT);
    SimpleModule finite = new SimpleModule("scylla-finite-numbers");
    finite.addSerializer(Double.class, new FiniteDoubleSerializer());
    finite.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
    mapper.registerModule(finite);
    mapper.getFactory().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    return mapper;
  }

  /** Writes a non-finite double as null instead of the non-standard NaN/Infinity tokens. */
  private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    FiniteDoubleSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value == null || !Double.isFinite(value)) {
        gen.writeNull();
      } else {
        gen.writeNumber(value);
      }
    }
  }
}
