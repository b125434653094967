package dev.rosetta.dtls;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line on stdout, like the Node services' logs. Never given a key. */
final class Log {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String service;

  Log(String service) {
    this.service = service;
  }

  void info(String msg, Object... fields) {
    write("info", msg, fields);
  }

  void warn(String msg, Object... fields) {
    write("warn", msg, fields);
  }

  void error(String msg, Object... fields) {
    write("error", msg, fields);
  }

  private void write(String level, String msg, Object... fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", level);
    line.put("time", System.currentTimeMillis());
    line.put("service", service);
    line.put("msg", msg);
    for (int i = 0; i + 1 < fields.length; i += 2) line.put(String.valueOf(fields[i]), fields[i + 1]);
    try {
      System.out.println(JSON.writeValueAsString(line));
    } catch (Exception e) {
      System.out.println("{\"level\":\"error\",\"msg\":\"log line not serializable\"}");
    }
  }
}
