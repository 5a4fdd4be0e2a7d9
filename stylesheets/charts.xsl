<?xml version="1.0" encoding="UTF-8"?>
<!--
  charts.xsl: charts drawn from the programme data as inline SVG (XSLT 1.0 with the
  EXSLT node-set function), so that a browser and the PDF engine show the same
  picture, the PDF as vectors with its labels as text. Import it beside common.xsl
  and figures.xsl.

    bp:chart-savings     annual savings by workstream: a bar for each, its value
                         written beside it; workstreams with no estimate are named
                         and say so
    bp:chart-payback     cumulative savings month by month against the funding, with
                         the month the funding is repaid marked
    bp:chart-governance  the governance bodies as boxes, an arrow from each body to
                         the body it reports to

  Each writes a <figure class="chart"> holding an <svg role="img"> labelled by its
  <title> and described by the figure's caption, which says in words what the chart
  shows. Parameters: "id" (unique in the page; the figure's id, and the prefix of the
  ids inside), "caption" (the figure's title), "font-size" (of the labels, in SVG
  units; the chart is 640 units wide and grows in height to fit) and "class" (added to
  the figure's class). bp:chart-payback writes nothing when there is no funding amount
  or no dated savings; bp:chart-savings when there are no workstreams.

  The SVG keeps to what librsvg and browsers agree on: rect, line, polyline, polygon,
  circle, text and tspan with presentation attributes; no CSS, markers, fonts by URL
  or text wrapping (labels are wrapped here, by words).
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                xmlns:exsl="http://exslt.org/common"
                extension-element-prefixes="exsl"
                exclude-result-prefixes="bp exsl">

  <xsl:variable name="bp-chart-font">Liberation Sans, Arial, Helvetica, sans-serif</xsl:variable>
  <xsl:variable name="bp-chart-ink">#1a1a1a</xsl:variable>     <!-- text: 17:1 on white -->
  <xsl:variable name="bp-chart-muted">#4a4a4a</xsl:variable>   <!-- secondary text: 8.9:1 -->
  <xsl:variable name="bp-chart-blue">#1d3f6e</xsl:variable>    <!-- bars, lines: 10.6:1 -->
  <xsl:variable name="bp-chart-pale">#e6edf6</xsl:variable>    <!-- box fill -->
  <xsl:variable name="bp-chart-red">#a4262c</xsl:variable>     <!-- the funding: 7.3:1 -->
  <xsl:variable name="bp-chart-grid">#c9d3e0</xsl:variable>    <!-- grid lines -->

  <!-- A number for an SVG attribute: at most one decimal. -->
  <xsl:template name="bp:n">
    <xsl:param name="v"/>
    <xsl:value-of select="format-number($v, '0.#')"/>
  </xsl:template>

  <!-- ========================================================== wrapping -->

  <!-- Splits "text" into <line> elements of at most "width" characters, breaking at
       spaces and after a slash; a word longer than a line gets a line of its own. -->
  <xsl:template name="bp:wrap">
    <xsl:param name="text"/>
    <xsl:param name="width" select="20"/>
    <xsl:call-template name="bp:wrap-words">
      <xsl:with-param name="rest" select="concat(normalize-space(translate($text, '/', '&#xE000;')), ' ')"/>
      <xsl:with-param name="width" select="$width"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "&#xE000;" stands for a slash while wrapping: a break allowed after it, no space. -->
  <xsl:template name="bp:wrap-words">
    <xsl:param name="rest"/>
    <xsl:param name="width"/>
    <xsl:param name="line" select="''"/>
    <xsl:choose>
      <xsl:when test="$rest = '' or $rest = ' '">
        <xsl:if test="$line != ''">
          <line><xsl:value-of select="translate($line, '&#xE000;', '/')"/></line>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <!-- the next piece: up to a space, or up to and including a slash -->
        <xsl:variable name="to-space" select="substring-before($rest, ' ')"/>
        <xsl:variable name="piece">
          <xsl:choose>
            <xsl:when test="contains($to-space, '&#xE000;')">
              <xsl:value-of select="concat(substring-before($to-space, '&#xE000;'), '&#xE000;')"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$to-space"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="after">
          <xsl:choose>
            <xsl:when test="contains($to-space, '&#xE000;')">
              <xsl:value-of select="substring-after($rest, '&#xE000;')"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="substring-after($rest, ' ')"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <!-- a space between the line and the piece unless the line ends at a slash -->
        <xsl:variable name="sep">
          <xsl:if test="$line != '' and substring($line, string-length($line)) != '&#xE000;'">
            <xsl:text> </xsl:text>
          </xsl:if>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$line != '' and string-length(concat($line, $sep, $piece)) > $width">
            <line><xsl:value-of select="translate($line, '&#xE000;', '/')"/></line>
            <xsl:call-template name="bp:wrap-words">
              <xsl:with-param name="rest" select="$after"/>
              <xsl:with-param name="width" select="$width"/>
              <xsl:with-param name="line" select="$piece"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="bp:wrap-words">
              <xsl:with-param name="rest" select="$after"/>
              <xsl:with-param name="width" select="$width"/>
              <xsl:with-param name="line" select="concat($line, $sep, $piece)"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- <text> of several lines centred on (x, y), the middle of the block. -->
  <xsl:template name="bp:text-block">
    <xsl:param name="lines"/>
    <xsl:param name="x"/>
    <xsl:param name="y"/>
    <xsl:param name="font-size"/>
    <xsl:param name="anchor" select="'middle'"/>
    <xsl:param name="fill" select="$bp-chart-ink"/>
    <xsl:param name="weight" select="'normal'"/>
    <xsl:variable name="lh" select="$font-size * 1.2"/>
    <xsl:variable name="top" select="$y - ($lh * (count($lines) - 1)) div 2 + $font-size * 0.35"/>
    <text text-anchor="{$anchor}" font-family="{$bp-chart-font}" font-size="{$font-size}"
          fill="{$fill}" font-weight="{$weight}">
      <xsl:for-each select="$lines">
        <tspan>
          <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$top + (position() - 1) * $lh"/></xsl:call-template></xsl:attribute>
          <xsl:value-of select="."/>
        </tspan>
      </xsl:for-each>
    </text>
  </xsl:template>

  <!-- The figure around a chart: the SVG, then the caption with its description. -->
  <xsl:template name="bp:chart-figure">
    <xsl:param name="id"/>
    <xsl:param name="class"/>
    <xsl:param name="caption"/>
    <xsl:param name="description"/>
    <xsl:param name="width"/>
    <xsl:param name="height"/>
    <xsl:param name="body"/>
    <xsl:variable name="h"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$height"/></xsl:call-template></xsl:variable>
    <figure id="{$id}" class="chart {$class}">
      <svg role="img" aria-labelledby="{$id}-title" aria-describedby="{$id}-desc"
           viewBox="0 0 {$width} {$h}">
        <title id="{$id}-title"><xsl:value-of select="$caption"/></title>
        <xsl:copy-of select="$body"/>
      </svg>
      <figcaption>
        <span class="chart-title"><xsl:value-of select="$caption"/></span>
        <xsl:text> </xsl:text>
        <span class="chart-desc" id="{$id}-desc"><xsl:value-of select="$description"/></span>
      </figcaption>
    </figure>
  </xsl:template>

  <!-- ========================================================= bar chart -->

  <xsl:template name="bp:chart-savings">
    <xsl:param name="id" select="'chart-savings'"/>
    <xsl:param name="caption" select="'Estimated annual savings by workstream'"/>
    <xsl:param name="font-size" select="15"/>
    <xsl:param name="class" select="''"/>
    <xsl:variable name="ws" select="/programme/workstreams/workstream"/>
    <xsl:if test="$ws">
      <xsl:variable name="fs" select="$font-size"/>
      <xsl:variable name="W" select="640"/>
      <xsl:variable name="label-w" select="$W * 0.3"/>
      <xsl:variable name="chars" select="floor($label-w div ($fs * 0.55))"/>
      <xsl:variable name="x0" select="$label-w + $fs"/>
      <xsl:variable name="value-w" select="$fs * 0.6 * 16"/>
      <xsl:variable name="bar-max" select="$W - $x0 - $value-w - $fs * 0.5"/>
      <xsl:variable name="row" select="$fs * 3"/>
      <xsl:variable name="bar-h" select="$fs * 1.7"/>
      <xsl:variable name="top" select="$fs * 0.5"/>
      <xsl:variable name="max">
        <xsl:for-each select="$bp-savings/money/@amount">
          <xsl:sort select="." data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="number(.)"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="H" select="$top * 2 + count($ws) * $row"/>
      <!-- rows: estimated savings largest first, then the rest in document order -->
      <xsl:variable name="rows-rtf">
        <xsl:for-each select="$ws">
          <xsl:sort select="number(boolean(annual-savings[money/@currency = $bp-currency or (not(money/@currency) and $bp-currency = 'GBP')]))" data-type="number" order="descending"/>
          <xsl:sort select="annual-savings/money/@amount" data-type="number" order="descending"/>
          <r id="{@id}" name="{normalize-space(name)}">
            <xsl:if test="annual-savings[money/@currency = $bp-currency or (not(money/@currency) and $bp-currency = 'GBP')]">
              <xsl:attribute name="amount"><xsl:value-of select="annual-savings/money/@amount"/></xsl:attribute>
              <xsl:attribute name="label">
                <xsl:call-template name="bp:savings-amount">
                  <xsl:with-param name="node" select="annual-savings"/>
                </xsl:call-template>
              </xsl:attribute>
            </xsl:if>
          </r>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="rows" select="exsl:node-set($rows-rtf)/r"/>
      <xsl:variable name="body">
        <line x1="{$x0}" x2="{$x0}" y1="{$top}" stroke="{$bp-chart-muted}" stroke-width="1">
          <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$H - $top"/></xsl:call-template></xsl:attribute>
        </line>
        <xsl:for-each select="$rows">
          <xsl:variable name="cy" select="$top + (position() - 0.5) * $row"/>
          <xsl:variable name="lines-rtf">
            <xsl:call-template name="bp:wrap">
              <xsl:with-param name="text" select="@name"/>
              <xsl:with-param name="width" select="$chars"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:call-template name="bp:text-block">
            <xsl:with-param name="lines" select="exsl:node-set($lines-rtf)/line"/>
            <xsl:with-param name="x" select="$label-w"/>
            <xsl:with-param name="y" select="$cy"/>
            <xsl:with-param name="font-size" select="$fs"/>
            <xsl:with-param name="anchor" select="'end'"/>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="@amount">
              <xsl:variable name="len">
                <xsl:choose>
                  <xsl:when test="$max > 0"><xsl:value-of select="@amount div $max * $bar-max"/></xsl:when>
                  <xsl:otherwise>0</xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <rect x="{$x0}" fill="{$bp-chart-blue}">
                <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$cy - $bar-h div 2"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="width"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$len"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="height"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$bar-h"/></xsl:call-template></xsl:attribute>
              </rect>
              <text font-family="{$bp-chart-font}" font-size="{$fs}" font-weight="bold" fill="{$bp-chart-ink}">
                <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0 + $len + $fs * 0.5"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$cy + $fs * 0.35"/></xsl:call-template></xsl:attribute>
                <xsl:value-of select="@label"/>
              </text>
            </xsl:when>
            <xsl:otherwise>
              <text font-family="{$bp-chart-font}" font-size="{$fs}" font-style="italic" fill="{$bp-chart-muted}">
                <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0 + $fs * 0.5"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$cy + $fs * 0.35"/></xsl:call-template></xsl:attribute>
                <xsl:text>not yet estimated</xsl:text>
              </text>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="description">
        <xsl:for-each select="$rows">
          <xsl:value-of select="@name"/>
          <xsl:text>: </xsl:text>
          <xsl:choose>
            <xsl:when test="@amount"><xsl:value-of select="@label"/></xsl:when>
            <xsl:otherwise>not yet estimated</xsl:otherwise>
          </xsl:choose>
          <xsl:choose>
            <xsl:when test="position() = last()">. </xsl:when>
            <xsl:otherwise>; </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
        <xsl:if test="$rows[@amount]">
          <xsl:text>Total: </xsl:text>
          <xsl:call-template name="bp:money">
            <xsl:with-param name="amount" select="sum($rows/@amount)"/>
            <xsl:with-param name="currency" select="$bp-currency"/>
          </xsl:call-template>
          <xsl:text> a year.</xsl:text>
        </xsl:if>
      </xsl:variable>
      <xsl:call-template name="bp:chart-figure">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="class" select="$class"/>
        <xsl:with-param name="caption" select="$caption"/>
        <xsl:with-param name="description" select="normalize-space($description)"/>
        <xsl:with-param name="width" select="$W"/>
        <xsl:with-param name="height" select="$H"/>
        <xsl:with-param name="body" select="exsl:node-set($body)/node()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ====================================================== payback chart -->

  <!-- The first "nice" step (1, 2, 2.5 or 5 times a power of ten) that divides
       "range" into at most "ticks" parts. -->
  <xsl:template name="bp:nice-step">
    <xsl:param name="range"/>
    <xsl:param name="ticks" select="5"/>
    <xsl:param name="base" select="1"/>
    <xsl:param name="i" select="1"/>
    <xsl:variable name="m">
      <xsl:choose>
        <xsl:when test="$i = 1">1</xsl:when>
        <xsl:when test="$i = 2">2</xsl:when>
        <xsl:when test="$i = 3">2.5</xsl:when>
        <xsl:otherwise>5</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$range div ($m * $base) &lt;= $ticks or $base > 1000000000000">
        <xsl:value-of select="$m * $base"/>
      </xsl:when>
      <xsl:when test="$i = 4">
        <xsl:call-template name="bp:nice-step">
          <xsl:with-param name="range" select="$range"/>
          <xsl:with-param name="ticks" select="$ticks"/>
          <xsl:with-param name="base" select="$base * 10"/>
          <xsl:with-param name="i" select="1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="bp:nice-step">
          <xsl:with-param name="range" select="$range"/>
          <xsl:with-param name="ticks" select="$ticks"/>
          <xsl:with-param name="base" select="$base"/>
          <xsl:with-param name="i" select="$i + 1"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bp:chart-payback">
    <xsl:param name="id" select="'chart-payback'"/>
    <xsl:param name="caption" select="'Cumulative savings against the funding'"/>
    <xsl:param name="font-size" select="15"/>
    <xsl:param name="class" select="''"/>
    <xsl:variable name="streams-rtf"><xsl:call-template name="bp:streams"/></xsl:variable>
    <xsl:variable name="streams" select="exsl:node-set($streams-rtf)/s"/>
    <xsl:variable name="funding"><xsl:call-template name="bp:funding-amount"/></xsl:variable>
    <xsl:if test="$funding > 0 and $streams">
      <xsl:variable name="pb-rtf"><xsl:call-template name="bp:payback"/></xsl:variable>
      <xsl:variable name="pb" select="exsl:node-set($pb-rtf)/payback"/>
      <xsl:variable name="start">
        <xsl:call-template name="bp:start-month">
          <xsl:with-param name="streams" select="$streams"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="last">
        <xsl:for-each select="$streams">
          <xsl:sort select="@g" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="@g"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <!-- at most twenty years, the payback's horizon: a go-live centuries ahead (a slip
           of the year) must not make the chart count every month up to it -->
      <xsl:variable name="end">
        <xsl:choose>
          <xsl:when test="$pb and $pb/@month > $last and $pb/@month + 12 &lt;= $start + 240">
            <xsl:value-of select="$pb/@month + 12"/>
          </xsl:when>
          <xsl:when test="$last + 12 &lt;= $start + 240"><xsl:value-of select="$last + 12"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$start + 240"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="pts-rtf">
        <xsl:call-template name="bp:cumulative">
          <xsl:with-param name="streams" select="$streams"/>
          <xsl:with-param name="from" select="$start"/>
          <xsl:with-param name="to" select="$end"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="pts" select="exsl:node-set($pts-rtf)/pt"/>
      <xsl:variable name="final" select="$pts[last()]/@v"/>
      <xsl:variable name="peak">
        <xsl:choose>
          <xsl:when test="$final > $funding"><xsl:value-of select="$final"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$funding"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="step">
        <xsl:call-template name="bp:nice-step"><xsl:with-param name="range" select="$peak"/></xsl:call-template>
      </xsl:variable>
      <xsl:variable name="ymax" select="ceiling($peak div $step) * $step"/>
      <xsl:variable name="fs" select="$font-size"/>
      <xsl:variable name="W" select="640"/>
      <!-- the plot area -->
      <xsl:variable name="L" select="$fs * 0.55 * 9 + $fs"/>
      <xsl:variable name="R" select="$W - $fs"/>
      <xsl:variable name="T" select="$fs * 0.8"/>
      <xsl:variable name="B" select="$T + 270"/>
      <xsl:variable name="H" select="$B + $fs * 2.2"/>
      <xsl:variable name="months" select="$end + 1 - $start"/>
      <xsl:variable name="dx" select="($R - $L) div $months"/>
      <xsl:variable name="dy" select="($B - $T) div $ymax"/>
      <xsl:variable name="fy" select="$B - $funding * $dy"/>
      <xsl:variable name="source">
        <xsl:choose>
          <xsl:when test="/programme/funding/award/source/@abbr">
            <xsl:value-of select="/programme/funding/award/source/@abbr"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space(/programme/funding/award/source)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="funding-text">
        <xsl:call-template name="bp:money">
          <xsl:with-param name="amount" select="$funding"/>
          <xsl:with-param name="currency" select="$bp-currency"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="final-text">
        <xsl:call-template name="bp:money">
          <xsl:with-param name="amount" select="round($final)"/>
          <xsl:with-param name="currency" select="$bp-currency"/>
        </xsl:call-template>
      </xsl:variable>
      <!-- where the savings line crosses the funding line (within the payback month) -->
      <xsl:variable name="was">
        <xsl:choose>
          <xsl:when test="$pb and $pts[@i = $pb/@month - 1]">
            <xsl:value-of select="$pts[@i = $pb/@month - 1]/@v"/>
          </xsl:when>
          <xsl:otherwise>0</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="now" select="$pts[@i = $pb/@month]/@v"/>
      <xsl:variable name="cx">
        <xsl:choose>
          <xsl:when test="$pb">
            <xsl:value-of select="$L + ($pb/@month - $start + ($funding - $was) div ($now - $was)) * $dx"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$R"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <!-- The legend names the three things drawn. It sits at the top left of the plot,
           where a growing total from nothing never is, unless the funding line runs
           through the top half; then at the bottom right, under both lines. -->
      <xsl:variable name="legend-rtf">
        <item kind="savings" text="{concat('Cumulative savings: ', $final-text)}"/>
        <item kind="funding" text="{concat($source, ' funding: ', $funding-text)}"/>
        <xsl:if test="$pb">
          <item kind="repaid" text="{concat('Repaid by ', $pb/@label)}"/>
        </xsl:if>
      </xsl:variable>
      <xsl:variable name="legend" select="exsl:node-set($legend-rtf)/item"/>
      <xsl:variable name="longest">
        <xsl:for-each select="$legend">
          <xsl:sort select="string-length(@text)" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="string-length(@text)"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="lw" select="$longest * $fs * 0.56 + $fs * 3.4"/>
      <xsl:variable name="lh" select="count($legend) * $fs * 1.4 + $fs * 0.5"/>
      <xsl:variable name="high-funding" select="$funding > $ymax * 0.55"/>
      <xsl:variable name="lx">
        <xsl:choose>
          <xsl:when test="$high-funding"><xsl:value-of select="$R - $fs * 0.3 - $lw"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$L + $fs * 0.3"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="ly">
        <xsl:choose>
          <xsl:when test="$high-funding"><xsl:value-of select="$B - $fs * 0.3 - $lh"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$T + $fs * 0.3"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="body">
        <!-- grid and the money axis -->
        <xsl:call-template name="bp:payback-grid">
          <xsl:with-param name="v" select="0"/>
          <xsl:with-param name="step" select="$step"/>
          <xsl:with-param name="ymax" select="$ymax"/>
          <xsl:with-param name="L" select="$L"/>
          <xsl:with-param name="R" select="$R"/>
          <xsl:with-param name="B" select="$B"/>
          <xsl:with-param name="dy" select="$dy"/>
          <xsl:with-param name="fs" select="$fs"/>
        </xsl:call-template>
        <!-- years along the bottom: a tick at each January, the year in the middle -->
        <xsl:for-each select="$pts[@i mod 12 = 0 or position() = 1]">
          <xsl:variable name="x0" select="$L + (@i - $start) * $dx"/>
          <xsl:variable name="year-end" select="(floor(@i div 12) + 1) * 12"/>
          <xsl:variable name="x1">
            <xsl:choose>
              <xsl:when test="$year-end > $end + 1"><xsl:value-of select="$R"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$L + ($year-end - $start) * $dx"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:if test="@i mod 12 = 0">
            <line y1="{$B}" stroke="{$bp-chart-muted}" stroke-width="1">
              <xsl:attribute name="x1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0"/></xsl:call-template></xsl:attribute>
              <xsl:attribute name="x2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0"/></xsl:call-template></xsl:attribute>
              <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$B + $fs * 0.5"/></xsl:call-template></xsl:attribute>
            </line>
          </xsl:if>
          <!-- a year is named when at least three of its months are shown -->
          <xsl:if test="$x1 - $x0 >= $dx * 3">
            <text text-anchor="middle" font-family="{$bp-chart-font}" font-size="{$fs}" fill="{$bp-chart-ink}">
              <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="($x0 + $x1) div 2"/></xsl:call-template></xsl:attribute>
              <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$B + $fs * 1.6"/></xsl:call-template></xsl:attribute>
              <xsl:value-of select="floor(@i div 12)"/>
            </text>
          </xsl:if>
        </xsl:for-each>
        <line x1="{$L}" x2="{$R}" stroke="{$bp-chart-muted}" stroke-width="1">
          <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$B"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$B"/></xsl:call-template></xsl:attribute>
        </line>
        <!-- the funding -->
        <line x1="{$L}" x2="{$R}" stroke="{$bp-chart-red}" stroke-width="2" stroke-dasharray="8 5">
          <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$fy"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$fy"/></xsl:call-template></xsl:attribute>
        </line>
        <!-- cumulative savings -->
        <polyline fill="none" stroke="{$bp-chart-blue}" stroke-width="3" stroke-linejoin="round">
          <xsl:attribute name="points">
            <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$L"/></xsl:call-template>
            <xsl:text>,</xsl:text>
            <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$B"/></xsl:call-template>
            <xsl:for-each select="$pts">
              <xsl:text> </xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$L + (@i + 1 - $start) * $dx"/></xsl:call-template>
              <xsl:text>,</xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$B - @v * $dy"/></xsl:call-template>
            </xsl:for-each>
          </xsl:attribute>
        </polyline>
        <!-- the month the funding is repaid -->
        <xsl:if test="$pb">
          <circle r="{$fs * 0.4}" fill="{$bp-chart-red}">
            <xsl:attribute name="cx"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$cx"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="cy"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$fy"/></xsl:call-template></xsl:attribute>
          </circle>
        </xsl:if>
        <!-- the legend, on white so that grid lines do not run through it -->
        <rect fill="#ffffff" stroke="{$bp-chart-grid}" stroke-width="1">
          <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$lx"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$ly"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="width"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$lw"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="height"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$lh"/></xsl:call-template></xsl:attribute>
        </rect>
        <xsl:for-each select="$legend">
          <xsl:variable name="y" select="$ly + $fs * 0.25 + (position() - 0.5) * $fs * 1.4"/>
          <xsl:variable name="x0" select="$lx + $fs * 0.5"/>
          <xsl:choose>
            <xsl:when test="@kind = 'savings'">
              <line stroke="{$bp-chart-blue}" stroke-width="3">
                <xsl:attribute name="x1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="x2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0 + $fs * 2"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
              </line>
            </xsl:when>
            <xsl:when test="@kind = 'funding'">
              <line stroke="{$bp-chart-red}" stroke-width="2" stroke-dasharray="6 4">
                <xsl:attribute name="x1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="x2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0 + $fs * 2"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
              </line>
            </xsl:when>
            <xsl:otherwise>
              <circle r="{$fs * 0.4}" fill="{$bp-chart-red}">
                <xsl:attribute name="cx"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0 + $fs"/></xsl:call-template></xsl:attribute>
                <xsl:attribute name="cy"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
              </circle>
            </xsl:otherwise>
          </xsl:choose>
          <text font-family="{$bp-chart-font}" font-size="{$fs}" fill="{$bp-chart-ink}">
            <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$x0 + $fs * 2.6"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y + $fs * 0.35"/></xsl:call-template></xsl:attribute>
            <xsl:value-of select="@text"/>
          </text>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="start-label">
        <xsl:call-template name="bp:month-label"><xsl:with-param name="index" select="$start"/></xsl:call-template>
      </xsl:variable>
      <xsl:variable name="first-label">
        <xsl:for-each select="$streams">
          <xsl:sort select="@g" data-type="number"/>
          <xsl:if test="position() = 1">
            <xsl:call-template name="bp:month-label"><xsl:with-param name="index" select="@g"/></xsl:call-template>
          </xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="end-label">
        <xsl:call-template name="bp:month-label"><xsl:with-param name="index" select="$end"/></xsl:call-template>
      </xsl:variable>
      <xsl:variable name="description">
        <xsl:value-of select="concat('Savings added up month by month from ', $start-label,
                                     ', against the ', $funding-text, ' of ', $source, ' funding. ',
                                     'The first savings come in ', $first-label)"/>
        <xsl:choose>
          <xsl:when test="$pb">
            <xsl:value-of select="concat('; by the end of ', $pb/@label, ' they have repaid the funding')"/>
          </xsl:when>
          <xsl:otherwise>; they do not repay the funding within the period shown</xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat(', and by ', $end-label, ' they reach ', $final-text, '.')"/>
      </xsl:variable>
      <xsl:call-template name="bp:chart-figure">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="class" select="$class"/>
        <xsl:with-param name="caption" select="$caption"/>
        <xsl:with-param name="description" select="$description"/>
        <xsl:with-param name="width" select="$W"/>
        <xsl:with-param name="height" select="$H"/>
        <xsl:with-param name="body" select="exsl:node-set($body)/node()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Grid lines and money labels from "v" up to "ymax". -->
  <xsl:template name="bp:payback-grid">
    <xsl:param name="v"/>
    <xsl:param name="step"/>
    <xsl:param name="ymax"/>
    <xsl:param name="L"/>
    <xsl:param name="R"/>
    <xsl:param name="B"/>
    <xsl:param name="dy"/>
    <xsl:param name="fs"/>
    <xsl:if test="$v &lt;= $ymax">
      <xsl:variable name="y" select="$B - $v * $dy"/>
      <xsl:if test="$v > 0">
        <line x1="{$L}" x2="{$R}" stroke="{$bp-chart-grid}" stroke-width="1">
          <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
          <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
        </line>
      </xsl:if>
      <text text-anchor="end" font-family="{$bp-chart-font}" font-size="{$fs}" fill="{$bp-chart-muted}">
        <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$L - $fs * 0.5"/></xsl:call-template></xsl:attribute>
        <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y + $fs * 0.35"/></xsl:call-template></xsl:attribute>
        <xsl:call-template name="bp:money">
          <xsl:with-param name="amount" select="$v"/>
          <xsl:with-param name="currency" select="$bp-currency"/>
        </xsl:call-template>
      </text>
      <xsl:call-template name="bp:payback-grid">
        <xsl:with-param name="v" select="$v + $step"/>
        <xsl:with-param name="step" select="$step"/>
        <xsl:with-param name="ymax" select="$ymax"/>
        <xsl:with-param name="L" select="$L"/>
        <xsl:with-param name="R" select="$R"/>
        <xsl:with-param name="B" select="$B"/>
        <xsl:with-param name="dy" select="$dy"/>
        <xsl:with-param name="fs" select="$fs"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- =================================================== governance chart -->

  <!-- The bodies as a tree: each <n> holds the bodies that report to it. -->
  <xsl:template name="bp:gov-tree">
    <xsl:param name="bodies"/>
    <xsl:for-each select="$bodies">
      <xsl:variable name="id" select="@id"/>
      <n id="{@id}" name="{normalize-space(name)}" kind="{@kind}">
        <xsl:call-template name="bp:gov-tree">
          <xsl:with-param name="bodies" select="../body[@reports-to = $id]"/>
        </xsl:call-template>
      </n>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="bp:chart-governance">
    <xsl:param name="id" select="'chart-governance'"/>
    <xsl:param name="caption" select="'Governance: who reports to whom'"/>
    <xsl:param name="font-size" select="15"/>
    <xsl:param name="class" select="''"/>
    <xsl:variable name="all" select="/programme/governance/body"/>
    <xsl:if test="$all">
      <xsl:variable name="tree-rtf">
        <xsl:call-template name="bp:gov-tree">
          <xsl:with-param name="bodies"
                          select="$all[not(@reports-to) or not(@reports-to = ../body/@id)]"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="tree" select="exsl:node-set($tree-rtf)//n"/>
      <xsl:variable name="fs" select="$font-size"/>
      <xsl:variable name="W" select="640"/>
      <xsl:variable name="leaves" select="count($tree[not(n)])"/>
      <xsl:variable name="unit" select="$W div $leaves"/>
      <xsl:variable name="bw-max" select="$fs * 15"/>
      <xsl:variable name="bw">
        <xsl:choose>
          <xsl:when test="$unit - $fs * 0.8 > $bw-max"><xsl:value-of select="$bw-max"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$unit - $fs * 0.8"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="chars" select="floor(($bw - $fs) div ($fs * 0.58))"/>
      <!-- each body's place: depth, the leaves before it and under it, its lines -->
      <xsl:variable name="boxes-rtf">
        <xsl:for-each select="$tree">
          <b id="{@id}" kind="{@kind}" depth="{count(ancestor::n)}"
             parent="{../@id}" leaves="{count(descendant-or-self::n[not(n)])}"
             before="{count(preceding::n[not(n)])}" children="{count(n)}">
            <xsl:call-template name="bp:wrap">
              <xsl:with-param name="text" select="@name"/>
              <xsl:with-param name="width" select="$chars"/>
            </xsl:call-template>
          </b>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="boxes" select="exsl:node-set($boxes-rtf)/b"/>
      <xsl:variable name="max-lines">
        <xsl:for-each select="$boxes">
          <xsl:sort select="count(line)" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="count(line)"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="depths">
        <xsl:for-each select="$boxes">
          <xsl:sort select="@depth" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="@depth + 1"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="bh" select="$max-lines * $fs * 1.2 + $fs * 1.2"/>
      <xsl:variable name="gap" select="$fs * 2.6"/>
      <xsl:variable name="pad" select="$fs * 0.3"/>
      <xsl:variable name="H" select="$pad * 2 + $depths * $bh + ($depths - 1) * $gap"/>
      <xsl:variable name="body">
        <!-- connectors first, so that the boxes sit on top of them -->
        <xsl:for-each select="$boxes[@children > 0]">
          <xsl:variable name="me" select="@id"/>
          <xsl:variable name="kids" select="$boxes[@parent = $me]"/>
          <xsl:variable name="px" select="(@before + @leaves div 2) * $unit"/>
          <xsl:variable name="by" select="$pad + @depth * ($bh + $gap) + $bh"/>
          <xsl:variable name="mid" select="$by + $gap div 2"/>
          <xsl:variable name="ky" select="$by + $gap"/>
          <xsl:variable name="xs-rtf">
            <xsl:for-each select="$kids">
              <xsl:sort select="@before" data-type="number"/>
              <x v="{(@before + @leaves div 2) * $unit}"/>
            </xsl:for-each>
          </xsl:variable>
          <xsl:variable name="xs" select="exsl:node-set($xs-rtf)/x"/>
          <xsl:variable name="lo">
            <xsl:choose>
              <xsl:when test="$xs[1]/@v &lt; $px"><xsl:value-of select="$xs[1]/@v"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$px"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:variable name="hi">
            <xsl:choose>
              <xsl:when test="$xs[last()]/@v > $px"><xsl:value-of select="$xs[last()]/@v"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$px"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:for-each select="$xs">
            <line stroke="{$bp-chart-blue}" stroke-width="2">
              <xsl:attribute name="x1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="@v"/></xsl:call-template></xsl:attribute>
              <xsl:attribute name="x2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="@v"/></xsl:call-template></xsl:attribute>
              <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$mid"/></xsl:call-template></xsl:attribute>
              <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$ky"/></xsl:call-template></xsl:attribute>
            </line>
          </xsl:for-each>
          <line stroke="{$bp-chart-blue}" stroke-width="2">
            <xsl:attribute name="x1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$lo"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="x2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$hi"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$mid"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$mid"/></xsl:call-template></xsl:attribute>
          </line>
          <line stroke="{$bp-chart-blue}" stroke-width="2">
            <xsl:attribute name="x1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$px"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="x2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$px"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="y1"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$mid"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="y2"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$by + $fs * 0.7"/></xsl:call-template></xsl:attribute>
          </line>
          <!-- the arrowhead, pointing at the body reported to -->
          <polygon fill="{$bp-chart-blue}">
            <xsl:attribute name="points">
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$px"/></xsl:call-template>
              <xsl:text>,</xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$by"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$px - $fs * 0.45"/></xsl:call-template>
              <xsl:text>,</xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$by + $fs * 0.9"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$px + $fs * 0.45"/></xsl:call-template>
              <xsl:text>,</xsl:text>
              <xsl:call-template name="bp:n"><xsl:with-param name="v" select="$by + $fs * 0.9"/></xsl:call-template>
            </xsl:attribute>
          </polygon>
        </xsl:for-each>
        <xsl:for-each select="$boxes">
          <xsl:variable name="cx" select="(@before + @leaves div 2) * $unit"/>
          <xsl:variable name="y" select="$pad + @depth * ($bh + $gap)"/>
          <xsl:variable name="top" select="@depth = 0"/>
          <rect rx="{$fs * 0.4}" stroke="{$bp-chart-blue}" stroke-width="1.5">
            <xsl:attribute name="fill">
              <xsl:choose>
                <xsl:when test="$top"><xsl:value-of select="$bp-chart-blue"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$bp-chart-pale"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:attribute name="x"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$cx - $bw div 2"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="y"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$y"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="width"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$bw"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="height"><xsl:call-template name="bp:n"><xsl:with-param name="v" select="$bh"/></xsl:call-template></xsl:attribute>
          </rect>
          <xsl:call-template name="bp:text-block">
            <xsl:with-param name="lines" select="line"/>
            <xsl:with-param name="x" select="$cx"/>
            <xsl:with-param name="y" select="$y + $bh div 2"/>
            <xsl:with-param name="font-size" select="$fs"/>
            <xsl:with-param name="weight" select="'bold'"/>
            <xsl:with-param name="fill">
              <xsl:choose>
                <xsl:when test="$top">#ffffff</xsl:when>
                <xsl:otherwise><xsl:value-of select="$bp-chart-ink"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:variable>
      <!-- "A and B report to C. D reports to A." in the order of the bodies reported to -->
      <xsl:variable name="description">
        <xsl:for-each select="$all[not(@reports-to) or not(@reports-to = ../body/@id)]">
          <xsl:value-of select="normalize-space(name)"/>
          <xsl:text> is at the top. </xsl:text>
        </xsl:for-each>
        <xsl:for-each select="$all[@id = ../body/@reports-to]">
          <xsl:variable name="me" select="@id"/>
          <xsl:variable name="kids" select="../body[@reports-to = $me]"/>
          <xsl:for-each select="$kids">
            <xsl:if test="position() > 1">
              <xsl:choose>
                <xsl:when test="position() = last()"> and </xsl:when>
                <xsl:otherwise>, </xsl:otherwise>
              </xsl:choose>
            </xsl:if>
            <xsl:value-of select="normalize-space(name)"/>
          </xsl:for-each>
          <xsl:choose>
            <xsl:when test="count($kids) = 1"> reports to </xsl:when>
            <xsl:otherwise> report to </xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="normalize-space(name)"/>
          <xsl:text>. </xsl:text>
        </xsl:for-each>
      </xsl:variable>
      <xsl:call-template name="bp:chart-figure">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="class" select="$class"/>
        <xsl:with-param name="caption" select="$caption"/>
        <xsl:with-param name="description" select="normalize-space($description)"/>
        <xsl:with-param name="width" select="$W"/>
        <xsl:with-param name="height" select="$H"/>
        <xsl:with-param name="body" select="exsl:node-set($body)/node()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
