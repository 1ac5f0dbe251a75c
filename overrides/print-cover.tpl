{#- Cover of the printable site (print-site plugin, udskriv/ and the PDF).
    Autoescape: the plugin renders this with a plain Jinja environment. -#}
{% autoescape true %}
<div class="forside-tryk">
  <h1>{{ config.site_name }}</h1>
  <p>{{ config.site_description }}</p>
  <p>Udgivet af {{ config.site_author }} på {{ config.site_url }}</p>
  <p>Tekst: CC BY 4.0. Genbrug med kildeangivelse: »{{ config.site_name }}, {{ config.site_author }}, CC BY 4.0«.</p>
</div>
{% endautoescape %}
